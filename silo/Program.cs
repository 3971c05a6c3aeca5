using Routing.Silo;
using Routing.Silo.Configuration;

// Exit codes: 0 stopped cleanly, 1 could not start (e.g. storage unreachable), 2 configuration invalid.
WebApplication app;
try
{
    app = SiloApp.Build(args);
}
catch (SiloConfigurationException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

await using (app)
{
    try
    {
        await app.StartAsync();
    }
    catch (Exception exception)
    {
        // The host has logged the stack trace; this line says what failed in words an operator can act on.
        app.Logger.LogCritical("The silo could not start ({Storage}): {Reason}",
            app.Services.GetRequiredService<SiloSettings>().Storage.Describe(), exception.Message);
        return 1;
    }
    // Returns after Ctrl-C or SIGTERM, once the host stopped the runtime (every grain deactivated).
    await app.WaitForShutdownAsync();
    app.Logger.LogInformation("Silo stopped");
}
return 0;
