using Routing.LoadTool.Load;

namespace Routing.LoadTool.Engine;

/// <summary>
/// How a scripted operator works: waits <see cref="ReplyDelay"/> before answering a new dialog, keeps it
/// <see cref="HandleTime"/> after the reply and closes it (never, when null); <see cref="AnswerEveryMessage"/>
/// answers each later customer message too (chat traffic); a <see cref="Silent"/> one never answers (rescue storm).
/// </summary>
public sealed record OperatorBehaviour(Sampler ReplyDelay, Sampler? HandleTime, bool AnswerEveryMessage = false, bool Silent = false);
