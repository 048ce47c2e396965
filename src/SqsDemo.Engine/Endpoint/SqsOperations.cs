using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Every SQS operation the endpoint serves, protocol-neutral: each reads its input in the JSON protocol's
    /// shape and answers in it; <see cref="SqsJsonProtocol"/> and <see cref="SqsQueryProtocol"/> only translate.
    /// </summary>
    internal static partial class SqsOperations
    {
        private static readonly Dictionary<string, Func<SqsCall, Task<JsonObject>>> ByName = new Dictionary<string, Func<SqsCall, Task<JsonObject>>>(StringComparer.Ordinal)
        {
            ["CreateQueue"] = CreateQueue,
            ["GetQueueUrl"] = GetQueueUrl,
            ["ListQueues"] = ListQueues,
            ["DeleteQueue"] = DeleteQueue,
            ["GetQueueAttributes"] = GetQueueAttributes,
            ["SetQueueAttributes"] = SetQueueAttributes,
            ["PurgeQueue"] = PurgeQueue,
            ["SendMessage"] = SendMessage,
            ["SendMessageBatch"] = SendMessageBatch,
            ["ReceiveMessage"] = ReceiveMessage,
            ["DeleteMessage"] = DeleteMessage,
            ["DeleteMessageBatch"] = DeleteMessageBatch,
            ["ChangeMessageVisibility"] = ChangeMessageVisibility,
            ["ChangeMessageVisibilityBatch"] = ChangeMessageVisibilityBatch,
            ["ListDeadLetterSourceQueues"] = ListDeadLetterSourceQueues,
            ["StartMessageMoveTask"] = StartMessageMoveTask,
            ["ListMessageMoveTasks"] = ListMessageMoveTasks,
            ["CancelMessageMoveTask"] = CancelMessageMoveTask,
            ["TagQueue"] = TagQueue,
            ["UntagQueue"] = UntagQueue,
            ["ListQueueTags"] = ListQueueTags,
        };

        public static IEnumerable<string> Names => ByName.Keys;

        public static bool TryGet(string name, out Func<SqsCall, Task<JsonObject>> operation) => ByName.TryGetValue(name, out operation!);

        private static JsonObject Empty() => new JsonObject();

        private static JsonArray ArrayOf(IEnumerable<string> items)
        {
            var array = new JsonArray();
            foreach (var item in items) array.Add(item);
            return array;
        }

        private static JsonObject MapOf(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            var map = new JsonObject();
            foreach (var pair in pairs) map[pair.Key] = pair.Value;
            return map;
        }
    }
}
