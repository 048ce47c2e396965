using System.Globalization;
using System.Text.Json;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>A queue's RedrivePolicy: where messages go after maxReceiveCount receives.</summary>
    internal sealed class RedrivePolicy
    {
        public RedrivePolicy(string deadLetterTargetArn, int maxReceiveCount)
        {
            DeadLetterTargetArn = deadLetterTargetArn;
            MaxReceiveCount = maxReceiveCount;
        }

        public string DeadLetterTargetArn { get; }
        public int MaxReceiveCount { get; }

        /// <summary>The JSON SQS returns: {"deadLetterTargetArn":"...","maxReceiveCount":N}.</summary>
        public string ToJson() =>
            "{\"deadLetterTargetArn\":" + JsonSerializer.Serialize(DeadLetterTargetArn) + ",\"maxReceiveCount\":" + MaxReceiveCount.ToString(CultureInfo.InvariantCulture) + "}";

        /// <summary>
        /// Parses the attribute's JSON; maxReceiveCount may be a number or a numeric string. Whether
        /// the target exists and accepts this source is checked by the caller.
        /// </summary>
        public static RedrivePolicy Parse(string json)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                throw Invalid(json, "Invalid value for the parameter RedrivePolicy: it must be a JSON object.");
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw Invalid(json, "Invalid value for the parameter RedrivePolicy: it must be a JSON object.");
                if (!root.TryGetProperty("deadLetterTargetArn", out var arnElement) || arnElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(arnElement.GetString()))
                    throw Invalid(json, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
                if (!root.TryGetProperty("maxReceiveCount", out var countElement))
                    throw Invalid(json, "Redrive policy does not contain mandatory attribute: maxReceiveCount.");
                var count = ReadCount(countElement);
                if (count == null || count < 1 || count > SqsLimits.MaxReceiveCountLimit)
                    throw Invalid(json, "Invalid value for maxReceiveCount: " + countElement.GetRawText().Trim('"') + ", valid values are from 1 to 1000 both inclusive.");
                return new RedrivePolicy(arnElement.GetString()!, count.Value);
            }
        }

        public static SqsException Invalid(string json, string reason) =>
            SqsErrors.InvalidAttributeValue(QueueAttributeName.RedrivePolicy, json, reason);

        private static int? ReadCount(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Number:
                    return element.TryGetInt32(out var number) ? number : (int?)null;
                case JsonValueKind.String:
                    return int.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
                default:
                    return null;
            }
        }
    }
}
