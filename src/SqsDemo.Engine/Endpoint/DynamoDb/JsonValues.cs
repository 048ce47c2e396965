using System;
using System.IO;
using System.Text.Json;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// Scalar reads from a parsed body, each refusing a value of the wrong JSON type with
    /// SerializationException, as DynamoDB does, naming the member's path.
    /// </summary>
    internal static class JsonValues
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static void Expect(JsonElement json, JsonValueKind kind, string path, string what)
        {
            if (json.ValueKind != kind) throw Mismatch(json, path, what);
        }

        public static string String(JsonElement json, string path)
        {
            Expect(json, JsonValueKind.String, path, "a string");
            return json.GetString()!;
        }

        public static bool Boolean(JsonElement json, string path)
        {
            if (json.ValueKind == JsonValueKind.True) return true;
            if (json.ValueKind == JsonValueKind.False) return false;
            throw Mismatch(json, path, "a boolean");
        }

        public static int Int32(JsonElement json, string path) =>
            json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out var value) ? value : throw Mismatch(json, path, "an integer");

        public static long Int64(JsonElement json, string path) =>
            json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var value) ? value : throw Mismatch(json, path, "a long integer");

        public static double Double(JsonElement json, string path) =>
            json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out var value) && !double.IsInfinity(value)
                ? value
                : throw Mismatch(json, path, "a number");

        /// <summary>Timestamps in the JSON 1.0 protocol are epoch seconds, possibly fractional.</summary>
        public static DateTime Timestamp(JsonElement json, string path)
        {
            var seconds = Double(json, path);
            if (seconds < 0 || seconds > 253402300799) throw Mismatch(json, path, "a timestamp in epoch seconds");
            return Epoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        public static double EpochSeconds(DateTime time) =>
            Math.Round((time.ToUniversalTime() - Epoch).TotalSeconds, 3);

        public static MemoryStream Binary(JsonElement json, string path)
        {
            Expect(json, JsonValueKind.String, path, "a base64 string");
            return json.TryGetBytesFromBase64(out var bytes)
                ? new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true)
                : throw DynamoDbProtocolException.Serialization($"Base64 encoded binary data at {path} is not valid base64.");
        }

        private static DynamoDbProtocolException Mismatch(JsonElement json, string path, string what) =>
            DynamoDbProtocolException.Serialization($"Expected {what} at {path}, found {Describe(json.ValueKind)}.");

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
    }
}
