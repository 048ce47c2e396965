using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Broker.Embedded
{
    public sealed partial class EmbeddedBroker
    {
        /// <summary>
        /// Starts redriving a dead-letter queue (see <see cref="MessageMoveTasks"/> for the rules and
        /// the pace). Each moved message raises <see cref="BrokerNotificationKind.MessageMoved"/>.
        /// </summary>
        public Task<string> StartMessageMoveTaskAsync(string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () => _moveTasks.Start(sourceArn, destinationArn, maxNumberOfMessagesPerSecond));

        public Task<IReadOnlyList<MessageMoveTask>> ListMessageMoveTasksAsync(string sourceArn, int? maxResults = null, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () => _moveTasks.List(sourceArn, maxResults));

        public Task<long> CancelMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () => _moveTasks.Cancel(taskHandle));
    }
}
