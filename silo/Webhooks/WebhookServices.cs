using Routing.Grains.Webhooks;

namespace Routing.Silo.Webhooks;

/// <summary>What channel outboxes need from the silo: the HTTP sender and the delivery options (section "Webhooks").</summary>
internal static class WebhookServices
{
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services, WebhookDeliveryOptions options)
    {
        services.AddSingleton(options);
        // The outbox grain bounds each attempt itself (WebhookDeliveryOptions.AttemptTimeout); redirects are not followed,
        // so a signed body never goes anywhere but the registered URL.
        services.AddHttpClient(HttpWebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                // A proxy would make ConnectCallback see the proxy, not the webhook's host: the private-address check needs the direct connection.
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = (context, cancellationToken) => HttpWebhookSender.ConnectAsync(context, options.AllowPrivateNetworks, cancellationToken),
            });
        services.AddSingleton<IWebhookSender, HttpWebhookSender>();
        return services;
    }
}
