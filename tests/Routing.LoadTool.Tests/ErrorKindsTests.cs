using Routing.LoadCommon.Realtime;
using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Tests;

public sealed class ErrorKindsTests
{
    [Fact]
    public void Errors_are_counted_by_http_status_and_code_frame_code_or_timeout()
    {
        Assert.Equal("http-429 rate-limited", ErrorKinds.Of(new ApiCallException("POST", 429, "rate-limited")));
        Assert.Equal("http-502", ErrorKinds.Of(new ApiCallException("POST", 502, null)));
        Assert.Equal("frame not-assigned", ErrorKinds.Of(new CommandRefusedException("send", "not-assigned")));
        Assert.Equal("timeout", ErrorKinds.Of(new TimeoutException()));
        Assert.Equal("timeout", ErrorKinds.Of(new TaskCanceledException("HttpClient.Timeout", new TimeoutException())));
        Assert.Equal("socket", ErrorKinds.Of(new System.Net.WebSockets.WebSocketException()));
        Assert.Equal("not-resumed", ErrorKinds.Of(new UnexpectedAnswerException("not-resumed")));
    }
}
