using Microsoft.Extensions.DependencyInjection;

namespace Routing.Storage.Orleans.GrainStorage;

/// <summary>
/// <c>using (this.PipelineWrites()) { ... }</c> in a grain: its state, log and deadline writes issued inside commit in the
/// order issued, each only if the one before it did, without awaiting each (see <see cref="WritePipeline"/>).
/// </summary>
public static class GrainWritePipelineExtensions
{
    public static IDisposable PipelineWrites(this IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var id = grain.GrainContext.GrainId;
        return grain.GrainContext.ActivationServices.GetRequiredService<IDurableStore>().PipelineWrites(id.Type.ToString()!, id.Key.ToString()!);
    }
}
