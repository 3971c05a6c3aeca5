namespace Routing.LoadTool.Engine;

/// <summary>Sends each request to the rotation's next silo: same path and query, another scheme, host and port.</summary>
public sealed class SpreadHandler(EngineRotation engines) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var engine = engines.Next();
        request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = engine.Scheme, Host = engine.Host, Port = engine.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
