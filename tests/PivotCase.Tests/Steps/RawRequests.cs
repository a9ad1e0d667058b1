using System.Net.Http.Headers;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Steps;

/// <summary>
/// Requests whose framing matters (no body at all, a body of unannounced length), sent with an HttpClient on the
/// test server, as a real client would send them.
/// </summary>
public static class RawRequests
{
    /// <summary>
    /// POSTs <paramref name="body"/> (null: no body at all, which HttpClient sends as Content-Length: 0).
    /// With <paramref name="chunked"/>, the body's length is not announced (Transfer-Encoding: chunked).
    /// </summary>
    public static async Task<ApiResponse> PostRawAsync(this AppFixture app, string url, byte[]? body, string? authorization,
        bool chunked = false)
    {
        using var client = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (body is not null)
        {
            request.Content = chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        if (chunked) request.Headers.TransferEncodingChunked = true;
        if (authorization is not null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);

        using var answer = await client.SendAsync(request);
        if (chunked) request.Content?.Headers.ContentLength.ShouldBeNull();
        return new ApiResponse((int)answer.StatusCode, await answer.Content.ReadAsStringAsync(),
            answer.Content.Headers.ContentType?.ToString(),
            answer.Headers.Concat(answer.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value)));
    }

    /// <summary>A readable, non-seekable stream, so that HttpClient cannot compute a Content-Length.</summary>
    public sealed class UnknownLengthStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 8192));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
