using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Broker.Embedded
{
    public sealed partial class EmbeddedBroker
    {
        private const int MaxDeadLetterSourceResults = 1000;

        /// <summary>
        /// ListDeadLetterSourceQueues (docs/sqs-rules.md, "Dead-letter queues"): the queues whose
        /// RedrivePolicy targets the queue, by name; with MaxResults (1-1,000) a page and a NextToken
        /// when more follow. The token is opaque to callers: the last name returned, base64.
        /// </summary>
        public Task<ListDeadLetterSourceQueuesResult> ListDeadLetterSourceQueuesAsync(string queueUrl, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                if (maxResults is int max && (max < 1 || max > MaxDeadLetterSourceResults))
                    throw SqsErrors.ParameterOutOfRange("MaxResults", max, 1, MaxDeadLetterSourceResults);
                var queue = _registry.ByUrl(queueUrl);
                var after = string.IsNullOrEmpty(nextToken) ? null : NameOfToken(nextToken!);
                var names = _registry.DeadLetterSourceNames(queue.Arn, after);
                var page = Math.Min(names.Count, maxResults ?? MaxDeadLetterSourceResults);
                var result = new ListDeadLetterSourceQueuesResult();
                for (var i = 0; i < page; i++) result.QueueUrls.Add(_context.Addressing.UrlOf(names[i]));
                if (maxResults != null && page < names.Count) result.NextToken = Convert.ToBase64String(Encoding.UTF8.GetBytes(names[page - 1]));
                return result;
            });

        private static string NameOfToken(string token)
        {
            try
            {
                var name = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                if (QueueAddressing.IsValidStandardName(name) || QueueAddressing.IsValidFifoName(name)) return name;
            }
            catch (FormatException)
            {
                // falls through to the error
            }
            throw SqsErrors.InvalidParameter("Invalid NextToken value.");
        }
    }
}
