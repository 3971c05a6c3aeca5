using BenchmarkDotNet.Running;
using Routing.LoadTests;
using Routing.LoadTests.Calls;
using Routing.LoadTests.Latency;
using Routing.LoadTests.Memory;
using Routing.LoadTests.Reporting;
using Routing.LoadTests.Rescue;
using Routing.LoadTests.Routing;
using Routing.LoadTests.Writes;

var options = LoadTestOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(LoadTestOptions.Usage);
    return 2;
}

MachineReport.Print(options);
var all = options.Verb == "all";
if (all || options.Verb == "calls") BenchmarkRunner.Run<CallThroughputBenchmarks>(CallBenchmarkConfig.Create(options.Quick));
if (all || options.Verb == "events") BenchmarkRunner.Run<Routing.LoadTests.Events.EventPublishBenchmarks>(CallBenchmarkConfig.Create(options.Quick));
if (all || options.Verb == "latency") await LatencyHarness.RunAsync(options);
if (all || options.Verb == "writes") await WriteHarness.RunAsync(options);
if (all || options.Verb == "memory") await MemoryHarness.RunAsync(options);
if (all || options.Verb == "routing") await RoutingHarness.RunAsync(options);
if (all || options.Verb == "routing-memory") await RoutingMemoryHarness.RunAsync(options);
if (all || options.Verb == "rescue-storm") await RescueStormHarness.RunAsync(options);
if (all || options.Verb == "realtime") await Routing.LoadTests.Realtime.RealtimeHarness.RunAsync(options);
if (all || options.Verb == "statistics") await Routing.LoadTests.Statistics.StatisticsHarness.RunAsync(options);
if (all || options.Verb == "search") await Routing.LoadTests.Search.SearchHarness.RunAsync(options);
return 0;
