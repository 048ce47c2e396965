using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Endpoint
{
    internal static partial class SqsOperations
    {
        private static async Task<JsonObject> ListDeadLetterSourceQueues(SqsCall call)
        {
            var url = call.QueueUrl;
            var page = await call.Broker.ListDeadLetterSourceQueuesAsync(url, call.Input.Int("MaxResults"), call.Input.Text("NextToken"), call.CancellationToken).ConfigureAwait(false);
            // The model spells this member "queueUrls" (lower case), unlike ListQueues.
            var result = new JsonObject { ["queueUrls"] = ArrayOf(System.Linq.Enumerable.Select(page.QueueUrls, call.Urls.ToClient)) };
            if (page.NextToken != null) result["NextToken"] = page.NextToken;
            return result;
        }

        private static async Task<JsonObject> StartMessageMoveTask(SqsCall call)
        {
            var handle = await call.Broker.StartMessageMoveTaskAsync(call.Input.Required("SourceArn"), call.Input.Text("DestinationArn"),
                call.Input.Int("MaxNumberOfMessagesPerSecond"), call.CancellationToken).ConfigureAwait(false);
            return new JsonObject { ["TaskHandle"] = handle };
        }

        private static async Task<JsonObject> ListMessageMoveTasks(SqsCall call)
        {
            var tasks = await call.Broker.ListMessageMoveTasksAsync(call.Input.Required("SourceArn"), call.Input.Int("MaxResults"), call.CancellationToken).ConfigureAwait(false);
            var results = new JsonArray();
            foreach (var task in tasks)
            {
                var entry = new JsonObject { ["Status"] = task.Status, ["SourceArn"] = task.SourceArn };
                if (task.TaskHandle != null) entry["TaskHandle"] = task.TaskHandle;
                if (task.DestinationArn != null) entry["DestinationArn"] = task.DestinationArn;
                if (task.MaxNumberOfMessagesPerSecond != null) entry["MaxNumberOfMessagesPerSecond"] = task.MaxNumberOfMessagesPerSecond;
                entry["ApproximateNumberOfMessagesMoved"] = task.ApproximateNumberOfMessagesMoved;
                if (task.ApproximateNumberOfMessagesToMove != null) entry["ApproximateNumberOfMessagesToMove"] = task.ApproximateNumberOfMessagesToMove;
                if (task.FailureReason != null) entry["FailureReason"] = task.FailureReason;
                entry["StartedTimestamp"] = task.StartedTimestamp.ToUnixTimeMilliseconds();
                results.Add(entry);
            }
            return new JsonObject { ["Results"] = results };
        }

        private static async Task<JsonObject> CancelMessageMoveTask(SqsCall call)
        {
            var moved = await call.Broker.CancelMessageMoveTaskAsync(call.Input.Required("TaskHandle"), call.CancellationToken).ConfigureAwait(false);
            return new JsonObject { ["ApproximateNumberOfMessagesMoved"] = moved };
        }
    }
}
