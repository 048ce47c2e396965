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

        /// <summary>The body, or null when it is longer than <paramref name="limit"/> (declared or actual).</summary>
        public static async Task<byte[]?> ReadAsync(Stream stream, long declaredLength, int limit, CancellationToken cancellationToken)
        {
            if (declaredLength > limit) return null;
            var initial = declaredLength >= 0 ? (int)declaredLength : 4096;
            using (var buffer = new MemoryStream(initial))
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
    }
}
