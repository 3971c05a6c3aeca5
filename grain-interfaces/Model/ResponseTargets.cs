namespace Routing.GrainInterfaces.Model;

/// <summary>
/// First-response targets (R13, R20, issue 15): the bounds a configured target must keep, and the target a dialog gets
/// when neither its entry rule nor its department sets one. The defaults follow the vendors' figures for live channels
/// (30 % of chat customers wait at most 10 s, most accept 60 s), the call centers' 80/20 for voice, and a working
/// half-day for e-mail, where nobody expects an answer within the minute.
/// </summary>
public static class ResponseTargets
{
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);

    /// <summary>The longest target (deadlines are stored; a month covers any e-mail promise).</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(31);

    public static readonly TimeSpan LiveChannelDefault = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan VoiceDefault = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan EmailDefault = TimeSpan.FromHours(4);

    /// <summary>The target of a dialog on <paramref name="channel"/> where nothing is configured.</summary>
    public static TimeSpan DefaultFor(Channel channel) => channel switch
    {
        Channel.Email => EmailDefault,
        Channel.Voice => VoiceDefault,
        _ => LiveChannelDefault, // chat, messengers, social networks: live conversations
    };

    public static string? Problem(TimeSpan target) =>
        target < Minimum ? "first response target must be at least 1 s"
        : target > Maximum ? "first response target must be at most 31 days"
        : null;
}
