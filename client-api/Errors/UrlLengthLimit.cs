using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Routing.ClientApi.Errors;

/// <summary>
/// A URL over <see cref="MaxUrlLength"/> is refused with 414 problem details (uri-too-long). Kestrel answers a request
/// line over its own limit with a bare 414 before any application code runs, so its limit is raised to
/// <see cref="KestrelRequestLineLimit"/>: every longer URL up to that gets the problem details; beyond it Kestrel's
/// bare 414 remains.
/// </summary>
internal static class UrlLengthLimit
{
    public const int MaxUrlLength = 8 * 1024;
    public const int KestrelRequestLineLimit = 256 * 1024;

    public static IServiceCollection AddUrlLengthLimit(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestLineSize = KestrelRequestLineLimit);

    public static WebApplication UseUrlLengthLimit(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
            return target.Length <= MaxUrlLength ? next(context)
                : ApiProblem.Write(context, StatusCodes.Status414UriTooLong, ErrorCodes.UriTooLong, $"a URL is at most {MaxUrlLength} characters");
        });
        return app;
    }
}
