using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Writes a JSON answer's UTF-8 straight from its nodes through a writer and buffer kept per thread: no string
    /// between the nodes and the bytes, and only the finished answer is a new array.
    /// </summary>
    internal sealed class JsonAnswerWriter
    {
        // A rare large answer (a receive of big bodies) does not keep its buffer for the thread's life.
        private const int KeptCapacity = 256 * 1024;
        private const int InitialCapacity = 4096;

        [ThreadStatic] private static JsonAnswerWriter? _current;

        private readonly MemoryStream _buffer = new MemoryStream(InitialCapacity);
        private readonly Utf8JsonWriter _writer;
        private readonly JsonWriterOptions _options;

        private JsonAnswerWriter(JsonWriterOptions options)
        {
            _options = options;
            _writer = new Utf8JsonWriter(_buffer, options);
        }

        /// <summary><paramref name="json"/> as UTF-8, written with <paramref name="options"/>.</summary>
        public static byte[] Utf8Of(JsonNode json, JsonWriterOptions options)
        {
            var current = _current;
            if (current == null || !SameOptions(current._options, options)) _current = current = new JsonAnswerWriter(options);
            return current.Write(json);
        }

        private static bool SameOptions(JsonWriterOptions a, JsonWriterOptions b) =>
            ReferenceEquals(a.Encoder, b.Encoder) && a.Indented == b.Indented && a.MaxDepth == b.MaxDepth && a.SkipValidation == b.SkipValidation;

        private byte[] Write(JsonNode json)
        {
            _buffer.SetLength(0);
            _writer.Reset(_buffer);
            json.WriteTo(_writer);
            _writer.Flush();
            var bytes = _buffer.ToArray();
            if (_buffer.Capacity > KeptCapacity)
            {
                _buffer.SetLength(0);
                _buffer.Capacity = InitialCapacity;
            }
            return bytes;
        }
    }
}
