namespace Routing.GrainInterfaces.Model;

/// <summary>Validation of IANA time zone ids ("Europe/Berlin"), shared by the models that carry one.</summary>
internal static class TimeZoneIds
{
    /// <summary>Why <paramref name="id"/> is not a known time zone, or null.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return "time zone is missing";
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return null;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return $"unknown time zone '{id}'";
        }
    }
}
