using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// The scenarios' message bodies: <c>{"id": "&lt;uuid&gt;", "work": 1..1000}</c>, and the
    /// poison form <c>{"id": "&lt;uuid&gt;", "poison": true, "work": "POISON"}</c>. The body's id
    /// is the idempotency id; the broker's MessageId is the fallback.
    /// </summary>
    public static class MessageBody
    {
        public const string PoisonMarker = "POISON";

        public static string Work(Guid id, int work) =>
            "{\"id\":\"" + id.ToString("D") + "\",\"work\":" + work.ToString(CultureInfo.InvariantCulture) + "}";

        public static string Poison(Guid id) =>
            "{\"id\":\"" + id.ToString("D") + "\",\"poison\":true,\"work\":\"" + PoisonMarker + "\"}";

        /// <summary>SHA-256 of the UTF-8 body, hex: the payload digest the ledger keeps.</summary>
        public static string Digest(string body)
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(body));
                var text = new StringBuilder(hash.Length * 2);
                foreach (var b in hash) text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                return text.ToString();
            }
        }

        /// <summary>
        /// <paramref name="body"/> with a top-level "id" of <paramref name="id"/> put first, when it is a
        /// JSON object without one; any other body comes back as it is.
        /// </summary>
        public static string WithId(string body, string id)
        {
            if (TryGetId(body) != null) return body;
            var trimmed = body.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] != '{') return body;
            try
            {
                using (var document = JsonDocument.Parse(trimmed))
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object) return body;
                    // An "id" that is not a string (a number) is the sender's: left alone.
                    if (document.RootElement.TryGetProperty("id", out _)) return body;
                }
            }
            catch (JsonException)
            {
                return body;
            }
            var rest = trimmed.Substring(1).TrimStart();
            return "{\"id\":" + JsonSerializer.Serialize(id) + (rest.StartsWith("}", StringComparison.Ordinal) ? "" : ",") + rest;
        }

        /// <summary>A text as a JSON value: itself when it is JSON, else a JSON string of it.</summary>
        public static string AsJsonValue(string text)
        {
            try
            {
                using (JsonDocument.Parse(text)) return text;
            }
            catch (JsonException)
            {
                return JsonSerializer.Serialize(text);
            }
        }

        /// <summary>A FIFO MessageDeduplicationId for an idempotency id: see <see cref="SqsIdentifier"/>.</summary>
        public static string DeduplicationId(string id) => SqsIdentifier(id);

        /// <summary>
        /// A value as a FIFO MessageGroupId or MessageDeduplicationId: itself when SQS accepts it
        /// (1-128 printable ASCII characters), else its SHA-256, so equal values stay equal.
        /// </summary>
        public static string SqsIdentifier(string value)
        {
            if (value.Length >= 1 && value.Length <= 128)
            {
                var printable = true;
                foreach (var c in value)
                    if (c < '!' || c > '~') { printable = false; break; }
                if (printable) return value;
            }
            return Digest(value);
        }

        /// <summary>The body's top-level "id" string, or null when the body is not a JSON object with one.</summary>
        public static string? TryGetId(string body) => TryGetString(body, "id");

        /// <summary>The same for a body given as UTF-8 bytes (a send's MessageBodyUtf8, which the broker takes instead of the text).</summary>
        public static string? TryGetId(byte[]? bodyUtf8) => bodyUtf8 == null ? null : TryGetString(bodyUtf8, "id");

        /// <summary>A top-level property of a JSON object body as text (strings unquoted, numbers and booleans as written), or null.</summary>
        public static string? TryGetString(string body, string property)
        {
            if (string.IsNullOrEmpty(body)) return null;
            var start = 0;
            while (start < body.Length && char.IsWhiteSpace(body[start])) start++;
            // Only an object can have the property: anything else is not worth encoding.
            if (start == body.Length || body[start] != '{') return null;
            return TryGetString(Encoding.UTF8.GetBytes(body), property);
        }

        private static string? TryGetString(byte[] bodyUtf8, string property)
        {
            try
            {
                var reader = new Utf8JsonReader(bodyUtf8, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                while (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.EndObject) return null;
                    if (reader.TokenType != JsonTokenType.PropertyName) return null;
                    var matches = reader.ValueTextEquals(property);
                    if (!reader.Read()) return null;
                    if (matches)
                    {
                        switch (reader.TokenType)
                        {
                            case JsonTokenType.String: return reader.GetString();
                            case JsonTokenType.Number: return Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
                            case JsonTokenType.True: return "true";
                            case JsonTokenType.False: return "false";
                            default: return null;
                        }
                    }
                    reader.Skip();
                }
            }
            catch (JsonException)
            {
            }
            return null;
        }
    }
}
