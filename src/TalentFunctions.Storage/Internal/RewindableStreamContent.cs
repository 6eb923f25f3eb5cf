using System.Net;

namespace TalentFunctions.Storage.Internal;

/// <summary>
/// Sends <c>length</c> bytes of a seekable stream starting at its current position; each attempt seeks back,
/// so retries resend the same bytes without buffering. The caller's stream is not disposed.
/// </summary>
internal sealed class RewindableStreamContent : HttpContent
{
    private readonly Stream _stream;
    private readonly long _start;
    private readonly long _length;

    public RewindableStreamContent(Stream stream, long length)
    {
        _stream = stream;
        _start = stream.Position;
        _length = length;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.Position = _start;
        var buffer = new byte[Math.Min(_length, 81920)];
        var remaining = _length;
        while (remaining > 0)
        {
            var read = await _stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The stream ended before the expected length was sent.");
            }

            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
