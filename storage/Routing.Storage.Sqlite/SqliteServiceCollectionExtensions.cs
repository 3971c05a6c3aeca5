using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.Storage;
using Routing.Storage.Statistics;
using Routing.Storage.Search;
using Routing.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteGrainStorage"/> as the singleton <see cref="IDurableStore"/>. The host still calls
    /// <see cref="IDurableStore.InitializeAsync"/> once at start-up, and disposes the container asynchronously at shutdown
    /// so queued writes are flushed. Also registers <see cref="SqliteStatisticsStore"/> as <see cref="IStatisticsStore"/> and <see cref="SqliteMessageSearchStore"/> as <see cref="IMessageSearchStore"/> on the same database.
    /// </summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, Action<SqliteGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SqliteGrainStorageOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());
        services.AddSingleton<IDurableStore>(provider => new SqliteGrainStorage(
            provider.GetRequiredService<IOptions<SqliteGrainStorageOptions>>().Value,
            provider.GetService<ILogger<SqliteGrainStorage>>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton<IStatisticsStore>(provider => new SqliteStatisticsStore(provider.GetRequiredService<IOptions<SqliteGrainStorageOptions>>().Value));
        services.AddSingleton<IMessageSearchStore>(provider => new SqliteMessageSearchStore(provider.GetRequiredService<IOptions<SqliteGrainStorageOptions>>().Value));
        return services;
    }

    private sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
