using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Seed 004's API in front of a queue: <c>POST /tasks</c> with a JSON object carrying <c>task_type</c>
    /// (and any <c>data</c>) is queued as one message and answered 202 with its message id; a body that is
    /// not JSON, or has no <c>task_type</c> string, is answered 400 and queues nothing. The message is
    /// <c>{"id": &lt;new id&gt;, "type": task_type, "data": data}</c>.
    /// </summary>
    public sealed class TaskFrontDoor
    {
        public const string Path = "/tasks";
        public const string Actor = "tasks-api";

        private readonly IBroker _broker;
        private readonly string _queueUrl;

        public TaskFrontDoor(IBroker broker, string queueUrl)
        {
            _broker = broker ?? throw new ArgumentNullException(nameof(broker));
            _queueUrl = queueUrl ?? throw new ArgumentNullException(nameof(queueUrl));
        }

        public async Task<EndpointResponse> HandleAsync(EndpointRequest request, CancellationToken cancellationToken)
        {
            if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
                return Json(405, Error("MethodNotAllowed", "POST a task to " + Path + "."));
            var task = Read(request.Body, out var problem);
            if (task == null) return Json(400, Error("InvalidTask", problem!));
            var id = Guid.NewGuid().ToString("D");
            var sent = await _broker.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBodyUtf8 = Message(id, task.Value) }, cancellationToken).ConfigureAwait(false);
            return Json(202, Accepted(id, sent.MessageId, task.Value.TaskType));
        }

        private readonly struct Submitted
        {
            public Submitted(string taskType, JsonElement? data)
            {
                TaskType = taskType;
                Data = data;
            }

            public string TaskType { get; }
            public JsonElement? Data { get; }
        }

        /// <summary>The task in the body, or null with what is wrong with it.</summary>
        private static Submitted? Read(byte[] body, out string? problem)
        {
            problem = null;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException e)
            {
                problem = "The body is not valid JSON: " + e.Message;
                return null;
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) problem = "The body must be a JSON object with a task_type.";
                else if (!root.TryGetProperty("task_type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString()!.Length == 0)
                    problem = "The body has no task_type (a non-empty string).";
                if (problem != null) return null;
                JsonElement? data = root.TryGetProperty("data", out var given) ? given.Clone() : (JsonElement?)null;
                return new Submitted(root.GetProperty("task_type").GetString()!, data);
            }
        }

        private static byte[] Message(string id, Submitted task) => Write(writer =>
        {
            writer.WriteString("id", id);
            writer.WriteString("type", task.TaskType);
            if (task.Data is JsonElement data)
            {
                writer.WritePropertyName("data");
                data.WriteTo(writer);
            }
        });

        private static byte[] Accepted(string taskId, string messageId, string taskType) => Write(writer =>
        {
            writer.WriteString("task_id", taskId);
            writer.WriteString("message_id", messageId);
            writer.WriteString("task_type", taskType);
            writer.WriteString("status", "queued");
        });

        private static byte[] Error(string code, string message) => Write(writer =>
        {
            writer.WriteString("error", code);
            writer.WriteString("message", message);
        });

        private static byte[] Write(Action<Utf8JsonWriter> members)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    writer.WriteStartObject();
                    members(writer);
                    writer.WriteEndObject();
                }
                return stream.ToArray();
            }
        }

        private static EndpointResponse Json(int status, byte[] body) => new EndpointResponse(status, "application/json", body);
    }
}
