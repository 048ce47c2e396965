using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Writes an operation's answer (in the JSON protocol's shape) as the Query protocol's XML, with the BCL's
    /// <see cref="XmlWriter"/>: <c>&lt;OpResponse&gt;&lt;OpResult&gt;...&lt;/OpResult&gt;&lt;ResponseMetadata&gt;...</c>, maps and
    /// lists flattened under their element names as SQS's Query model names them.
    /// </summary>
    public static class QueryXmlWriter
    {
        public const string Namespace = "http://queue.amazonaws.com/doc/2012-11-05/";

        // Operations whose answer has no Result element.
        private static readonly HashSet<string> NoResult = new HashSet<string>
        {
            "DeleteQueue", "SetQueueAttributes", "PurgeQueue", "DeleteMessage", "ChangeMessageVisibility", "TagQueue", "UntagQueue",
        };

        private static readonly Dictionary<string, (string Element, string Key)> Maps = new Dictionary<string, (string, string)>
        {
            ["Attributes"] = ("Attribute", "Name"),
            ["MessageAttributes"] = ("MessageAttribute", "Name"),
            ["Tags"] = ("Tag", "Key"),
        };

        private static readonly Dictionary<string, string> ListElements = new Dictionary<string, string>
        {
            ["QueueUrls"] = "QueueUrl",
            ["queueUrls"] = "QueueUrl",
            ["Messages"] = "Message",
            ["Failed"] = "BatchResultErrorEntry",
            ["Results"] = "ListMessageMoveTasksResultEntry",
        };

        public static byte[] Answer(string operation, JsonObject output, string requestId) =>
            Document(writer =>
            {
                writer.WriteStartElement(operation + "Response", Namespace);
                if (!NoResult.Contains(operation))
                {
                    writer.WriteStartElement(operation + "Result");
                    Members(writer, operation, output);
                    writer.WriteEndElement();
                }
                writer.WriteStartElement("ResponseMetadata");
                writer.WriteElementString("RequestId", requestId);
                writer.WriteEndElement();
                writer.WriteEndElement();
            });

        public static byte[] Error(WireError error, string requestId) =>
            Document(writer =>
            {
                writer.WriteStartElement("ErrorResponse", Namespace);
                writer.WriteStartElement("Error");
                writer.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
                writer.WriteElementString("Code", error.QueryCode);
                writer.WriteElementString("Message", XmlSafe(error.Message));
                writer.WriteStartElement("Detail");
                writer.WriteEndElement();
                writer.WriteEndElement();
                writer.WriteElementString("RequestId", requestId);
                writer.WriteEndElement();
            });

        private static byte[] Document(System.Action<XmlWriter> write)
        {
            // Entitize keeps a body's carriage returns as they were sent (XML would otherwise normalise them away).
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), NewLineHandling = NewLineHandling.Entitize };
            using (var buffer = new MemoryStream())
            {
                using (var writer = XmlWriter.Create(buffer, settings))
                {
                    writer.WriteStartDocument();
                    write(writer);
                    writer.WriteEndDocument();
                }
                return buffer.ToArray();
            }
        }

        private static void Members(XmlWriter writer, string operation, JsonObject members)
        {
            foreach (var pair in members)
            {
                if (pair.Value is JsonObject map && Maps.TryGetValue(pair.Key, out var shape))
                {
                    foreach (var entry in map)
                    {
                        writer.WriteStartElement(shape.Element);
                        writer.WriteElementString(shape.Key, XmlSafe(entry.Key));
                        Element(writer, operation, "Value", entry.Value);
                        writer.WriteEndElement();
                    }
                }
                else if (pair.Value is JsonArray list)
                {
                    var element = pair.Key == "Successful" ? operation + "ResultEntry" : ListElements.TryGetValue(pair.Key, out var name) ? name : pair.Key;
                    foreach (var item in list) Element(writer, operation, element, item);
                }
                else Element(writer, operation, pair.Key, pair.Value);
            }
        }

        private static void Element(XmlWriter writer, string operation, string name, JsonNode? value)
        {
            writer.WriteStartElement(name);
            if (value is JsonObject members) Members(writer, operation, members);
            else if (value is JsonValue scalar) writer.WriteString(XmlSafe(Text(scalar)));
            writer.WriteEndElement();
        }

        /// <summary>
        /// Text as XML can carry it: characters XML forbids (which a message body cannot hold, but an error
        /// message may quote from the request) become U+FFFD instead of failing the answer.
        /// </summary>
        private static string XmlSafe(string text)
        {
            StringBuilder? safe = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c);
                if (pair || XmlConvert.IsXmlChar(c))
                {
                    safe?.Append(c);
                    if (pair)
                    {
                        i++;
                        safe?.Append(text[i]);
                    }
                    continue;
                }
                safe ??= new StringBuilder(text, 0, i, text.Length);
                safe.Append('\uFFFD');
            }
            return safe?.ToString() ?? text;
        }

        private static string Text(JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String: return value.GetValue<string>();
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
                default: return value.ToJsonString();
            }
        }
    }
}
