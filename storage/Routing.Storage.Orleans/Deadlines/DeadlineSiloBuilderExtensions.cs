using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Routing.Storage.Orleans.Deadlines;

namespace Orleans.Hosting;

public static class DeadlineSiloBuilderExtensions
{
    /// <summary>
    /// Adds durable deadlines (<see cref="IGrainDeadlines"/>, <see cref="GrainDeadlineExtensions"/>) over the silo's
    /// <see cref="Routing.Storage.IDurableStore"/>, which the host registers (AddSqliteGrainStorage or
    /// AddPostgreSqlGrainStorage). The service initializes the store itself. Its clock is the
    /// <see cref="TimeProvider"/> keyed <see cref="DeadlineOptions.TimeProviderKey"/>.
    /// </summary>
    public static ISiloBuilder AddDurableDeadlines(this ISiloBuilder builder, Action<DeadlineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<DeadlineOptions>().ValidateOnStart();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeadlineOptions>, DeadlineOptionsValidator>());
        services.TryAddSingleton<DeadlineAgenda>();
        services.TryAddSingleton<DeadlineCounters>();
        services.TryAddSingleton<DeadlineDelivery>();
        services.TryAddSingleton<DeadlineDispatcher>();
        services.TryAddSingleton<DeadlineRefiller>();
        services.TryAddSingleton<IGrainDeadlines, DeadlineServiceClient>();
        services.TryAddSingleton(sp => new DeadlineMonitor(sp.GetRequiredService<DeadlineAgenda>(), sp.GetRequiredService<DeadlineRefiller>(), sp.GetRequiredService<DeadlineDispatcher>(), sp.GetRequiredService<DeadlineDelivery>()));
        return builder.AddGrainService<DeadlineService>();
    }

    private sealed class DeadlineOptionsValidator : IValidateOptions<DeadlineOptions>
    {
        public ValidateOptionsResult Validate(string? name, DeadlineOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
