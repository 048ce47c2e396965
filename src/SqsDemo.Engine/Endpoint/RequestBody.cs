using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>Reads a request body within a bound: never more than the bound plus one buffer is allocated.</summary>
    public static class RequestBody
    {
        /// <summary>
        /// SQS counts 1 MiB of message (body and attributes, decoded); on the wire JSON escaping and base64
        /// make that bigger, so a request may carry up to twice as much before it is refused unread.
        /// </summary>
        public const int MaxBytes = 2 * Broker.SqsLimits.MaxMessageSizeBytes;

        /// <summary>The bound for a request: DynamoDB's 16 MB (a BatchWriteItem of 25 items) for its targets, <see cref="MaxBytes"/> for SQS.</summary>
        public static int LimitFor(string? target) =>
            DynamoDb.DynamoDbJsonProtocol.Serves(target) ? DynamoDb.DynamoDbRequestBody.MaxBytes : MaxBytes;

        /// <summary>How much of a refused body is read and thrown away so that the client, still sending, hears the answer.</summary>
        public const long MaxDrainBytes = 16L * 1024 * 1024;

        /// <summary>
        /// Reads and discards the rest of a refused body, through one small buffer, up to <see cref="MaxDrainBytes"/>:
        /// a client that is still writing would otherwise see a broken pipe instead of the error. True when all of it was read.
        /// </summary>
        public static async Task<bool> DrainAsync(Stream stream, CancellationToken cancellationToken)
        {
            var chunk = new byte[16 * 1024];
            long drained = 0;
            while (drained <= MaxDrainBytes)
            {
                var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0) return true;
                drained += read;
            }
            return false;
        }

        /// <summary>The body, or null when it is longer than <paramref name="limit"/> (declared or actual).</summary>
        public static async Task<byte[]?> ReadAsync(Stream stream, long declaredLength, int limit, CancellationToken cancellationToken)
        {
            if (declaredLength > limit) return null;
            if (declaredLength < 0) return await ReadUndeclaredAsync(stream, new MemoryStream(4096), limit, cancellationToken).ConfigureAwait(false);
            // A declared length is read straight into an array of that size: no chunk, no copy.
            var body = new byte[declaredLength];
            var filled = 0;
            while (filled < body.Length)
            {
                var read = await stream.ReadAsync(body, filled, body.Length - filled, cancellationToken).ConfigureAwait(false);
                if (read == 0) return filled == body.Length ? body : Truncated(body, filled);
                filled += read;
            }
            // A stream that goes on past its declared length is read on, within the bound, as one that declared none.
            var probe = new byte[1];
            if (await stream.ReadAsync(probe, 0, 1, cancellationToken).ConfigureAwait(false) == 0) return body;
            if (body.Length + 1 > limit) return null;
            var rest = new MemoryStream(body.Length * 2 + 1);
            rest.Write(body, 0, body.Length);
            rest.WriteByte(probe[0]);
            return await ReadUndeclaredAsync(stream, rest, limit, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<byte[]?> ReadUndeclaredAsync(Stream stream, MemoryStream buffer, int limit, CancellationToken cancellationToken)
        {
            using (buffer)
            {
                var chunk = new byte[16 * 1024];
                while (true)
                {
                    var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
                    if (read == 0) return buffer.ToArray();
                    if (buffer.Length + read > limit) return null;
                    buffer.Write(chunk, 0, read);
                }
            }
        }

        private static byte[] Truncated(byte[] body, int length)
        {
            var shorter = new byte[length];
            System.Array.Copy(body, shorter, length);
            return shorter;
        }
    }
}
