using Routing.GrainInterfaces;
using Routing.Grains.Policies;

namespace Routing.Grains.Tests.Policies;

/// <summary>R19, issue 15: the rating prompt of an open dialog at its N-th message, and what it leaves to the close.</summary>
public sealed class RatingPromptPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An assigned dialog of ann's with <paramref name="messages"/> stored, ratings on a scale of 5 asked at the 5th message.</summary>
    private static ConversationView Dialog(long messages, bool operatorWrote = true, int promptAt = 5, int promptAfter = 0) => new("c-1")
    {
        Status = ConversationStatus.Assigned, OperatorId = "ann", DepartmentId = "support", MessagesLength = messages,
        FirstResponseAt = operatorWrote ? Now : null, LastRepliedBy = operatorWrote ? "ann" : null,
        Timers = DialogTimers.None with { Rating = new RatingSettings(5, promptAfter) { PromptAtMessage = promptAt } },
    };

    [Fact]
    public void The_open_dialog_asks_once_its_nth_message_is_stored_and_an_operator_wrote()
    {
        Assert.Null(RatingPromptPolicy.InDialog(Dialog(4)));
        Assert.Equal(new RatingPrompt(5, "ann"), RatingPromptPolicy.InDialog(Dialog(5)));
        Assert.Equal(new RatingPrompt(5, "ann"), RatingPromptPolicy.InDialog(Dialog(9))); // a prompt a crash kept from being recorded is still due
    }

    [Fact]
    public void Without_an_operators_reply_it_never_asks_however_long_the_dialog()
    {
        Assert.Null(RatingPromptPolicy.InDialog(Dialog(50, operatorWrote: false)));
        Assert.Null(RatingPromptPolicy.AtClose(Dialog(50, operatorWrote: false)));
    }

    [Fact]
    public void Zero_never_asks_while_open_and_leaves_the_prompt_to_the_close()
    {
        var dialog = Dialog(50, promptAt: 0);
        Assert.Null(RatingPromptPolicy.InDialog(dialog));
        Assert.Equal(new RatingPrompt(5, "ann"), RatingPromptPolicy.AtClose(dialog));
    }

    [Fact]
    public void A_dialog_that_asked_or_was_rated_or_is_closed_or_has_ratings_off_does_not_ask_again()
    {
        var asked = Dialog(6) with { RatingScale = 5, RatingOperatorId = "ann", RatingAskedInDialog = true };
        Assert.Null(RatingPromptPolicy.InDialog(asked));
        Assert.Null(RatingPromptPolicy.AtClose(asked));
        Assert.Null(RatingPromptPolicy.InDialog(Dialog(6) with { Rating = new ConversationRating(4, 5, null, "ann", Now) }));
        Assert.Null(RatingPromptPolicy.InDialog(Dialog(6) with { Status = ConversationStatus.Closed }));
        Assert.Null(RatingPromptPolicy.InDialog(Dialog(6) with { Timers = DialogTimers.None }));
        Assert.Null(RatingPromptPolicy.AtClose(Dialog(6) with { Timers = DialogTimers.None }));
    }

    [Fact]
    public void The_close_keeps_its_own_threshold_when_the_dialog_stayed_short()
    {
        Assert.Null(RatingPromptPolicy.AtClose(Dialog(2, promptAfter: 3)));
        Assert.Equal(new RatingPrompt(5, "ann"), RatingPromptPolicy.AtClose(Dialog(3, promptAfter: 3)));
    }

    [Fact]
    public void A_rating_counts_for_whoever_has_the_open_dialog_and_for_the_operator_at_the_close_once_closed()
    {
        var asked = Dialog(6) with { RatingScale = 5, RatingOperatorId = "ann" };
        Assert.Equal("bob", RatingPromptPolicy.Credited(asked with { OperatorId = "bob" }));
        Assert.Equal("ann", RatingPromptPolicy.Credited(asked with { OperatorId = null, Status = ConversationStatus.Queued }));
        Assert.Equal("ann", RatingPromptPolicy.Credited(asked with { OperatorId = "bob", Status = ConversationStatus.Closed }));
    }
}
