using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.Storage;
using Routing.Storage.Statistics;
using Routing.Storage.Search;
using Routing.Storage.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

public static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgreSqlGrainStorage"/> as the singleton <see cref="IDurableStore"/>; the options are
    /// validated (a connection string is required) when the storage is first resolved. The host still calls
    /// <see cref="IDurableStore.InitializeAsync"/> once at start-up, and disposes the container asynchronously at shutdown
    /// so queued writes are flushed. Also registers <see cref="PostgreSqlStatisticsStore"/> as <see cref="IStatisticsStore"/> and <see cref="PostgreSqlMessageSearchStore"/> as <see cref="IMessageSearchStore"/> on the same database.
    /// </summary>
    public static IServiceCollection AddPostgreSqlGrainStorage(this IServiceCollection services, Action<PostgreSqlGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgreSqlGrainStorageOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlGrainStorageOptions>, PostgreSqlGrainStorageOptionsValidator>());
        services.AddSingleton<IDurableStore>(provider => new PostgreSqlGrainStorage(
            provider.GetRequiredService<IOptions<PostgreSqlGrainStorageOptions>>().Value,
            provider.GetService<ILogger<PostgreSqlGrainStorage>>()));
        services.AddSingleton<IStatisticsStore>(provider => new PostgreSqlStatisticsStore(provider.GetRequiredService<IOptions<PostgreSqlGrainStorageOptions>>().Value));
        services.AddSingleton<IMessageSearchStore>(provider => new PostgreSqlMessageSearchStore(provider.GetRequiredService<IOptions<PostgreSqlGrainStorageOptions>>().Value));
        return services;
    }

    private sealed class PostgreSqlGrainStorageOptionsValidator : IValidateOptions<PostgreSqlGrainStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgreSqlGrainStorageOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
