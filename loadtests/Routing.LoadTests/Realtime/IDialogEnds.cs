namespace Routing.LoadTests.Realtime;

/// <summary>How a message enters a dialog from each end: over the WebSockets, or by calling the conversation grain.</summary>
public interface IDialogEnds
{
    Task CustomerSendsAsync(Dialog dialog, string text);

    Task OperatorSendsAsync(Dialog dialog, string text);
}
