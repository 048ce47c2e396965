using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// Reads a request body with a bound: DynamoDB takes at most 16 MB in one request
    /// (BatchWriteItem's limit, the largest), so a longer body, declared or streamed, is refused
    /// once the limit is passed instead of being buffered whole.
    /// </summary>
    public static class DynamoDbRequestBody
    {
        /// <summary>The largest body accepted: 16 MB, DynamoDB's request size limit.</summary>
        public const int MaxBytes = 16 * 1024 * 1024;

        private const int ChunkBytes = 64 * 1024;

        /// <summary>
        /// The body's bytes; RequestEntityTooLarge when <paramref name="declaredLength"/> or the
        /// bytes actually sent pass <paramref name="maxBytes"/> (at most one byte past it is read).
        /// </summary>
        public static async Task<ArraySegment<byte>> ReadAsync(Stream body, long? declaredLength, CancellationToken cancellation, int maxBytes = MaxBytes)
        {
            if (body == null) throw new ArgumentNullException(nameof(body));
            if (declaredLength > maxBytes) throw DynamoDbProtocolException.RequestTooLarge(maxBytes);
            var buffer = new MemoryStream(declaredLength is long length && length > 0 ? (int)length : ChunkBytes);
            var chunk = new byte[ChunkBytes];
            while (true)
            {
                // Ask for no more than one byte past the limit: enough to know it was passed.
                var wanted = (int)Math.Min(chunk.Length, maxBytes + 1L - buffer.Length);
                var read = await body.ReadAsync(chunk, 0, wanted, cancellation).ConfigureAwait(false);
                if (read == 0) break;
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes) throw DynamoDbProtocolException.RequestTooLarge(maxBytes);
            }
            return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }
}
