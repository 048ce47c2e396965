using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Endpoint
{
    internal static partial class SqsOperations
    {
        private const int MaxListResults = 1000;

        private static async Task<JsonObject> CreateQueue(SqsCall call)
        {
            var name = call.Input.Required("QueueName");
            var url = await call.Broker.CreateQueueAsync(name, call.Input.StringMap("Attributes"), call.CancellationToken).ConfigureAwait(false);
            // CreateQueue's tags member is spelled "tags" in SQS's model.
            if (call.Input.StringMap("tags") is Dictionary<string, string> tags && tags.Count > 0)
                await call.RequireTags().TagQueueAsync(url, tags, call.CancellationToken).ConfigureAwait(false);
            return new JsonObject { ["QueueUrl"] = call.Urls.ToClient(url) };
        }

        private static async Task<JsonObject> GetQueueUrl(SqsCall call)
        {
            var url = await call.Broker.GetQueueUrlAsync(call.Input.Required("QueueName"), call.CancellationToken).ConfigureAwait(false);
            return new JsonObject { ["QueueUrl"] = call.Urls.ToClient(url) };
        }

        /// <summary>Pages by queue name: the token is the last name returned (base64), so a page survives creates and deletes.</summary>
        private static async Task<JsonObject> ListQueues(SqsCall call)
        {
            var max = call.Input.Int("MaxResults");
            if (max != null && (max < 1 || max > MaxListResults))
                throw new SqsException(SqsErrorCode.InvalidParameterValue, "Value " + max + " for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.");
            var after = DecodeToken(call.Input.Text("NextToken"));
            var urls = await call.Broker.ListQueuesAsync(call.Input.Text("QueueNamePrefix"), call.CancellationToken).ConfigureAwait(false);
            var names = urls.Select(u => (Url: u, Name: u.Substring(u.LastIndexOf('/') + 1)))
                .Where(q => after == null || string.CompareOrdinal(q.Name, after) > 0)
                .OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
            var page = names.Take(max ?? MaxListResults).ToList();
            var result = new JsonObject();
            if (page.Count > 0) result["QueueUrls"] = ArrayOf(page.Select(q => call.Urls.ToClient(q.Url)));
            if (max != null && names.Count > page.Count) result["NextToken"] = EncodeToken(page[page.Count - 1].Name);
            return result;
        }

        private static async Task<JsonObject> DeleteQueue(SqsCall call)
        {
            await call.Broker.DeleteQueueAsync(call.QueueUrl, call.CancellationToken).ConfigureAwait(false);
            return Empty();
        }

        private static async Task<JsonObject> GetQueueAttributes(SqsCall call)
        {
            var attributes = await call.Broker.GetQueueAttributesAsync(call.QueueUrl, call.Input.Strings("AttributeNames"), call.CancellationToken).ConfigureAwait(false);
            var result = new JsonObject();
            if (attributes.Count > 0) result["Attributes"] = MapOf(attributes);
            return result;
        }

        private static async Task<JsonObject> SetQueueAttributes(SqsCall call)
        {
            var attributes = call.Input.StringMap("Attributes") ?? new Dictionary<string, string>();
            await call.Broker.SetQueueAttributesAsync(call.QueueUrl, attributes, call.CancellationToken).ConfigureAwait(false);
            return Empty();
        }

        private static async Task<JsonObject> PurgeQueue(SqsCall call)
        {
            await call.Broker.PurgeQueueAsync(call.QueueUrl, call.CancellationToken).ConfigureAwait(false);
            return Empty();
        }

        private static async Task<JsonObject> TagQueue(SqsCall call)
        {
            var url = call.QueueUrl;
            await call.RequireTags().TagQueueAsync(url, call.Input.StringMap("Tags") ?? new Dictionary<string, string>(), call.CancellationToken).ConfigureAwait(false);
            return Empty();
        }

        private static async Task<JsonObject> UntagQueue(SqsCall call)
        {
            var url = call.QueueUrl;
            await call.RequireTags().UntagQueueAsync(url, call.Input.Strings("TagKeys"), call.CancellationToken).ConfigureAwait(false);
            return Empty();
        }

        private static async Task<JsonObject> ListQueueTags(SqsCall call)
        {
            var url = call.QueueUrl;
            var tags = await call.RequireTags().ListQueueTagsAsync(url, call.CancellationToken).ConfigureAwait(false);
            var result = new JsonObject();
            if (tags.Count > 0) result["Tags"] = MapOf(tags);
            return result;
        }

        private static string EncodeToken(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes(name));

        private static string? DecodeToken(string? token)
        {
            if (string.IsNullOrEmpty(token)) return null;
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw new SqsException(SqsErrorCode.InvalidParameterValue, "Invalid NextToken value.");
            }
        }
    }
}
