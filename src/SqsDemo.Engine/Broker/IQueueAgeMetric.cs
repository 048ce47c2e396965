using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Broker
{
    /// <summary>
    /// CloudWatch's ApproximateAgeOfOldestMessage for a queue, where a backend can tell it cheaply
    /// (the embedded broker). It is a metric, not a queue attribute: GetQueueAttributes does not
    /// return it, on AWS as here (docs/sqs-rules.md, "Queues"). Backlog scenarios and
    /// Get-DemoQueue read it through this.
    /// </summary>
    public interface IQueueAgeMetric
    {
        /// <summary>Seconds since the oldest message in the queue (visible, in flight or delayed) was enqueued; 0 when empty.</summary>
        Task<long> GetApproximateAgeOfOldestMessageAsync(string queueUrl, CancellationToken cancellationToken = default);
    }
}
