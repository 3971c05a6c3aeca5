using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Endpoints;

/// <summary>Quick-reply templates (R18, R20): admins write them, supervisors (and admins) read them.</summary>
internal static class TemplateEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var admin = WorkspaceGroups.For(v1, ApiClaims.AdminPolicy, "Templates");
        admin.MapPut("/templates/{templateId}", Put).WithSummary("Creates or replaces a quick-reply template").Produces<TemplateResponse>();
        admin.MapDelete("/templates/{templateId}", Delete).WithSummary("Deletes a quick-reply template").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(404);

        var supervisor = WorkspaceGroups.For(v1, ApiClaims.SupervisorPolicy, "Templates");
        supervisor.MapGet("/templates", List).WithSummary("Every template, or with departmentId= those for that department and for every department")
            .Produces<List<TemplateResponse>>();
        supervisor.MapGet("/templates/{templateId}", Get).Produces<TemplateResponse>().ProducesProblem(404);
    }

    private static async Task<IResult> Put(string ws, string templateId, TemplateRequest? request, IGrainFactory grains)
    {
        if (!Ids.IsId(templateId)) return ApiProblem.Invalid("templateId is not a valid id");
        if (request is null) return ApiProblem.Invalid("the body must be a template");
        var template = new QuickReplyTemplate(request.Title ?? "", request.Text ?? "") { DepartmentId = request.DepartmentId };
        if (template.Problem() is { } problem) return ApiProblem.Invalid(problem);
        if (request.DepartmentId is { } departmentId && !(await WorkspaceEndpoints.Workspace(grains, ws).GetDepartments()).ContainsKey(departmentId))
            return ApiProblem.Invalid($"no department '{departmentId}'");
        var templates = Templates(grains, ws);
        if (await templates.Find(templateId) is null && (await templates.List(null)).Count >= QuickReplyTemplate.MaxPerWorkspace)
            return ApiProblem.Result(StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"a workspace keeps at most {QuickReplyTemplate.MaxPerWorkspace} templates");
        await templates.Put(templateId, template);
        return Results.Ok(Response(templateId, template));
    }

    private static async Task<IResult> Delete(string ws, string templateId, IGrainFactory grains) =>
        Ids.IsId(templateId) && await Templates(grains, ws).Delete(templateId) ? Results.NoContent() : ApiProblem.Missing($"no template '{templateId}'");

    private static async Task<IResult> List(string ws, string? departmentId, IGrainFactory grains)
    {
        if (departmentId is not null && !Ids.IsId(departmentId)) return ApiProblem.Invalid("departmentId is not a valid id");
        return Results.Ok((await Templates(grains, ws).List(departmentId)).OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => Response(t.Key, t.Value)).ToList());
    }

    private static async Task<IResult> Get(string ws, string templateId, IGrainFactory grains) =>
        Ids.IsId(templateId) && await Templates(grains, ws).Find(templateId) is { } template
            ? Results.Ok(Response(templateId, template))
            : ApiProblem.Missing($"no template '{templateId}'");

    private static TemplateResponse Response(string templateId, QuickReplyTemplate template) =>
        new(templateId, template.Title, template.Text, template.DepartmentId);

    private static ITemplatesGrain Templates(IGrainFactory grains, string ws) => grains.GetGrain<ITemplatesGrain>(RoutingKeys.Templates(ws));
}
