using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Routing.ClientApi.WebClients;

/// <summary>
/// The pages a person opens (wwwroot: landing page, chat widget, operator console, supervisor wallboard) and the
/// interactive API reference. The pages are plain static files that use only the public API, so they hold nothing
/// secret and the server enforces everything; they are public like /openapi/v1.json.
/// </summary>
internal static class ReferenceClientPages
{
    // Only this origin's scripts, styles and sockets; never framed by another site (a console holds an operator's token).
    private const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // Compressed: the widget is fetched by every visitor of every site that embeds it. Only the pages' own types: API
    // answers (JSON) carry secrets and stay uncompressed, so nothing of them can leak through compressed sizes (BREACH).
    private static readonly string[] CompressedTypes = ["text/html", "text/css", "text/javascript", "image/svg+xml", "text/markdown"];

    public static IServiceCollection AddReferenceClientPages(this IServiceCollection services) =>
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = CompressedTypes;
        });

    /// <summary>Serves wwwroot (/ is index.html). Before authentication: a page needs no key, its API calls carry one.</summary>
    public static WebApplication UseReferenceClientPages(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = context => Secure(context.Context.Response) });
        return app;
    }

    /// <summary>Scalar's viewer over /openapi/v1.json at /docs/api; its script is served by the silo, not a CDN.</summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapScalarApiReference("/docs/api", options => options
            .WithTitle("Routing engine API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts());
        return endpoints;
    }

    private static void Secure(HttpResponse response)
    {
        // The widget is embedded in customers' sites: browsers fetch module scripts with CORS. Public files, no credentials.
        if (response.HttpContext.Request.Path.StartsWithSegments("/widget") || response.HttpContext.Request.Path.StartsWithSegments("/shared"))
            response.Headers.AccessControlAllowOrigin = "*";
        // Revalidated on every load (ETag), so a new engine version's pages are never mixed with cached old modules.
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
