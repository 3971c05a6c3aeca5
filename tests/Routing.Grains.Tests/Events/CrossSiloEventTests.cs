using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Events;
using Routing.Grains.Tests.Grains;

namespace Routing.Grains.Tests.Events;

/// <summary>
/// Events reach the subscribers of every silo of a cluster, wherever their grain runs; a subscriber that may have missed
/// one (a lost batch, a silo that died) is told to resynchronise instead of missing it silently.
/// </summary>
public sealed class CrossSiloEventTests
{
    private const string Topic = "conversation:ws1/conversation/c1";

    [Fact]
    public async Task An_event_published_by_a_grain_on_one_silo_reaches_the_subscribers_of_the_other()
    {
        await using var cluster = await EventCluster.StartAsync();
        var world = new RoutingWorld(cluster.Grains(0));
        using var onFirst = cluster.Hub(0).Subscribe(RoutingTopics.Workspace(world.WorkspaceId));
        using var onSecond = cluster.Hub(1).Subscribe(RoutingTopics.Workspace(world.WorkspaceId));

        await world.AddDepartment("support"); // the workspace grain publishes WorkspaceChanged
        var host = await cluster.HostOf(world.Workspace);
        var remote = host == 0 ? onSecond : onFirst;

        var received = await Eventually.Within(remote.Reader.ReadAsync().AsTask());
        Assert.Equal(new WorkspaceChanged("department-configured", "support", null), received.Payload);
        Assert.Equal(world.Workspace.GetGrainId().ToString(), received.Source);
        Assert.True(cluster.Hub(1 - host).ReceivedCount > 0);
        var local = Assert.IsType<WorkspaceChanged>((await (host == 0 ? onFirst : onSecond).Reader.ReadAsync()).Payload);
        Assert.Equal("support", local.DepartmentId); // and on its own silo, as before
    }

    [Fact]
    public async Task Events_of_a_publisher_arrive_on_the_other_silo_in_publish_order()
    {
        await using var cluster = await EventCluster.StartAsync();
        using var remote = cluster.Hub(1).Subscribe(Topic);

        await Task.Run(() =>
        {
            for (var i = 1; i <= 5000; i++) cluster.Hub(0).Publish(Topic, "conversation/ws1/c1", Message(i));
        });

        var sequences = new List<long>();
        while (sequences.Count < 5000) sequences.Add(((ConversationMessage)(await Eventually.Within(remote.Reader.ReadAsync().AsTask())).Payload).Sequence);
        Assert.Equal(Enumerable.Range(1, 5000).Select(i => (long)i), sequences);
        Assert.True(cluster.Forwarder(0).BatchesSent > 1); // batched, not one call per event
        Assert.True(cluster.Forwarder(0).BatchesSent < 5000);
    }

    [Fact]
    public async Task A_lost_batch_cuts_off_the_receiving_silos_subscriptions_which_are_told_to_resynchronise()
    {
        await using var cluster = await EventCluster.StartAsync();
        using var remote = cluster.Hub(1).Subscribe(Topic);
        cluster.Loss(0).LoseNext();

        cluster.Hub(0).Publish(Topic, "conversation/ws1/c1", Message(1));
        await Eventually.True(() => cluster.Loss(0).Lost == 1, "the batch holding message 1 was lost");
        cluster.Hub(0).Publish(Topic, "conversation/ws1/c1", Message(2));

        var error = await Assert.ThrowsAsync<GrainEventOverflowException>(async () =>
        {
            await foreach (var e in remote.Reader.ReadAllAsync()) Assert.Fail($"event {e.Payload} was delivered over the gap");
        }).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("never arrived", error.Message);
        Assert.Contains("resynchronise", error.Message);

        // The session that resynchronised subscribes again and gets what follows (message 2 too, if it subscribed
        // before the relay handed it over: the snapshot it reads then has it already).
        using var resubscribed = cluster.Hub(1).Subscribe(Topic);
        cluster.Hub(0).Publish(Topic, "conversation/ws1/c1", Message(3));
        var received = new List<long>();
        while (!received.Contains(3))
            received.Add(((ConversationMessage)(await Eventually.Within(resubscribed.Reader.ReadAsync().AsTask())).Payload).Sequence);
        Assert.DoesNotContain(1, received);
        Assert.False(resubscribed.Overflowed);
    }

    [Fact]
    public async Task A_silo_that_stops_gets_no_more_events_and_its_ended_stream_costs_the_survivors_subscribers_nothing()
    {
        await using var cluster = await EventCluster.StartAsync();
        using var survivor = cluster.Hub(0).Subscribe(Topic);
        var leaving = cluster.Address(1);

        await cluster.StopAsync(1);

        await Eventually.True(() => cluster.Forwarder(0).Destinations.Count == 0 && !cluster.Inbound(0).Senders.Contains(leaving),
            "the survivor stopped sending to the silo that left and forgot its stream");
        var sent = cluster.Forwarder(0).BatchesSent;
        cluster.Hub(0).Publish(Topic, "conversation/ws1/c1", Message(1));
        Assert.Equal(sent, cluster.Forwarder(0).BatchesSent);
        Assert.False(survivor.Overflowed); // the stopped silo's last batch said nothing more would come
        Assert.True(survivor.Reader.TryRead(out var own)); // the survivor's own events flow as before
        Assert.Equal(1, ((ConversationMessage)own.Payload).Sequence);
    }

    [Fact]
    public async Task A_silo_that_dies_gets_no_more_events_and_the_survivors_subscribers_resynchronise()
    {
        await using var cluster = await EventCluster.StartAsync();
        using var survivor = cluster.Hub(0).Subscribe(Topic);

        await cluster.KillAsync(1);

        // Batches of the dead silo may have been on the way, of any topic.
        await Eventually.True(() => survivor.Overflowed, "the survivor's subscription was told to resynchronise", TimeSpan.FromMinutes(2));
        await Eventually.True(() => cluster.Forwarder(0).Destinations.Count == 0, "the survivor stopped sending to the dead silo");
        var sent = cluster.Forwarder(0).BatchesSent;
        cluster.Hub(0).Publish(Topic, "conversation/ws1/c1", Message(1));
        Assert.Equal(sent, cluster.Forwarder(0).BatchesSent);
    }

    private static ConversationMessage Message(long sequence) =>
        new("c1", sequence, MessageAuthor.Customer, null, "hello " + sequence, DateTimeOffset.UnixEpoch);
}
