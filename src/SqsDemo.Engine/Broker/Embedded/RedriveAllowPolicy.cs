using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>A dead-letter queue's RedriveAllowPolicy: which source queues may use it (allowAll when unset).</summary>
    internal sealed class RedriveAllowPolicy
    {
        public const string AllowAll = "allowAll";
        public const string DenyAll = "denyAll";
        public const string ByQueue = "byQueue";
        public const int MaxSourceQueueArns = 10;

        private RedriveAllowPolicy(string permission, IReadOnlyList<string> sourceQueueArns)
        {
            RedrivePermission = permission;
            SourceQueueArns = sourceQueueArns;
        }

        public string RedrivePermission { get; }
        public IReadOnlyList<string> SourceQueueArns { get; }

        public bool Allows(string sourceArn) =>
            RedrivePermission == AllowAll
            || (RedrivePermission == ByQueue && SourceQueueArns.Contains(sourceArn, StringComparer.Ordinal));

        public string ToJson()
        {
            var json = "{\"redrivePermission\":\"" + RedrivePermission + "\"";
            if (RedrivePermission == ByQueue)
                json += ",\"sourceQueueArns\":[" + string.Join(",", SourceQueueArns.Select(a => JsonSerializer.Serialize(a))) + "]";
            return json + "}";
        }

        public static RedriveAllowPolicy Parse(string json)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                throw Invalid(json, "Invalid value for the parameter RedriveAllowPolicy: it must be a JSON object.");
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw Invalid(json, "Invalid value for the parameter RedriveAllowPolicy: it must be a JSON object.");
                if (!root.TryGetProperty("redrivePermission", out var permissionElement) || permissionElement.ValueKind != JsonValueKind.String)
                    throw Invalid(json, "Redrive allow policy does not contain mandatory attribute: redrivePermission.");
                var permission = permissionElement.GetString();
                if (permission != AllowAll && permission != DenyAll && permission != ByQueue)
                    throw Invalid(json, "Invalid value for redrivePermission: " + permission + ", valid values are allowAll, denyAll and byQueue.");
                var arns = new List<string>();
                var hasArns = root.TryGetProperty("sourceQueueArns", out var arnsElement);
                if (hasArns)
                {
                    if (arnsElement.ValueKind != JsonValueKind.Array)
                        throw Invalid(json, "sourceQueueArns must be a list of queue ARNs.");
                    foreach (var item in arnsElement.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
                            throw Invalid(json, "sourceQueueArns must be a list of queue ARNs.");
                        arns.Add(item.GetString()!);
                    }
                }
                if (permission == ByQueue)
                {
                    if (arns.Count == 0)
                        throw Invalid(json, "sourceQueueArns is required when redrivePermission is byQueue.");
                    if (arns.Count > MaxSourceQueueArns)
                        throw Invalid(json, "Maximum number of source queue ARNs is " + MaxSourceQueueArns + ". You have specified " + arns.Count + ".");
                }
                else if (hasArns && arns.Count > 0)
                {
                    throw Invalid(json, "sourceQueueArns can only be specified when redrivePermission is byQueue.");
                }
                return new RedriveAllowPolicy(permission!, arns.Distinct(StringComparer.Ordinal).ToArray());
            }
        }

        private static SqsException Invalid(string json, string reason) =>
            SqsErrors.InvalidAttributeValue(QueueAttributeName.RedriveAllowPolicy, json, reason);
    }
}
