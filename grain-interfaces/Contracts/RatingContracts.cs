using Orleans;
using Routing.GrainInterfaces.Events;

namespace Routing.GrainInterfaces;

/// <summary>
/// A department's customer rating (R19): after a dialog of at least <see cref="PromptAfterMessages"/> stored messages
/// that an operator wrote into at least once closes, the customer is asked for a score from 1 to <see cref="Scale"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.RatingSettings")]
public sealed record RatingSettings(int Scale, int PromptAfterMessages)
{
    public const int MaxCommentLength = 2_000;
    public const int MaxPromptAfterMessages = 10_000;

    /// <summary>
    /// The open dialog asks once its <c>PromptAtMessage</c>-th message is stored and an operator wrote into it (as Jivo
    /// does); 0: only the close asks. Conversations opened before it existed carry 0.
    /// </summary>
    [Id(0)] public int PromptAtMessage { get; init; }

    public string? Problem() =>
        Scale is not (2 or 3 or 5) ? "rating scale must be 2, 3 or 5"
        : PromptAfterMessages is < 0 or > MaxPromptAfterMessages ? $"rating prompt after messages must be between 0 and {MaxPromptAfterMessages}"
        : PromptAtMessage is < 0 or > MaxPromptAfterMessages ? $"rating prompt at message must be between 0 and {MaxPromptAfterMessages}"
        : null;

    /// <summary>Why a rating is not acceptable on this scale, or null when it is.</summary>
    public static string? ScoreProblem(int scale, int score, string? comment) =>
        score < 1 || score > scale ? $"score must be between 1 and {scale}"
        : comment is { Length: > MaxCommentLength } ? $"comment is at most {MaxCommentLength} characters"
        : null;

    /// <summary>A score on its scale as 0 (worst) to 1 (best), so ratings on different scales can be added up.</summary>
    public static double Normalized(int score, int scale) => (score - 1) / (double)(scale - 1);
}

/// <summary>A conversation asks its customer for a rating, when it closes or at its N-th message: published on "conversation:{key}" (R19).</summary>
[GenerateSerializer, Immutable, Alias("routing.RatingRequested")]
public sealed record RatingRequested(string ConversationId, int Scale, string OperatorId) : IGrainEventPayload;

/// <summary>The customer's rating of a conversation, kept in its state.</summary>
[GenerateSerializer, Immutable, Alias("routing.ConversationRating")]
public sealed record ConversationRating(int Score, int Scale, string? Comment, string OperatorId, DateTimeOffset At);

/// <summary>How many ratings on one scale an operator got, and the sum of their scores.</summary>
[GenerateSerializer, Immutable, Alias("routing.RatingTally")]
public sealed record RatingTally(int Count, long Sum);

/// <summary>
/// One operator's ratings (R19): per scale the count and sum of raw scores, and over all scales the count and the sum
/// of the normalized scores (<see cref="RatingSettings.Normalized"/>), whose mean <see cref="Average"/> is 0 to 1.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.OperatorRatings")]
public sealed record OperatorRatings(string OperatorId, int Count, double NormalizedSum, IReadOnlyDictionary<int, RatingTally> ByScale)
{
    /// <summary>The mean normalized score (0 worst, 1 best), null without ratings.</summary>
    public double? Average => Count == 0 ? null : NormalizedSum / Count;
}
