using System;
using System.Collections.Specialized;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using SqsDemo.Engine.Endpoint;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// The endpoint's own work per call, without HTTP: the same lifecycle's JSON bodies (as the SDK sends them)
    /// handed straight to <see cref="DemoEndpoint.Router"/>, so the time is routing, JSON in and out, the
    /// broker, the journal and the accounting, and nothing of sockets, HttpListener or a client.
    /// </summary>
    internal sealed class HandlerCycles
    {
        private readonly RequestRouter _router;
        private readonly Uri _url;
        private readonly string _queueUrl;
        private readonly string[] _bodies;
        private long _next;

        public HandlerCycles(DemoEndpoint endpoint, string queueUrl, string[] bodies)
        {
            _router = endpoint.Router;
            _url = new Uri(endpoint.Url + "/");
            _queueUrl = queueUrl;
            _bodies = bodies;
        }

        public long SendTicks, ReceiveTicks, DeleteTicks, Cycles;

        /// <summary><paramref name="cycles"/> cycles; mean microseconds of each call.</summary>
        public (double Send, double Receive, double Delete) Run(int cycles)
        {
            SendTicks = ReceiveTicks = DeleteTicks = Cycles = 0;
            for (var i = 0; i < cycles; i++) Cycle();
            double Us(long ticks) => ticks * 1e6 / Stopwatch.Frequency / Cycles;
            return (Us(SendTicks), Us(ReceiveTicks), Us(DeleteTicks));
        }

        public void Cycle()
        {
            var send = new StringBuilder("{\"QueueUrl\":\"").Append(_queueUrl).Append("\",\"Entries\":[");
            for (var i = 0; i < SdkSqsCycles.Batch; i++)
                send.Append(i == 0 ? "" : ",").Append("{\"Id\":\"s").Append(i).Append("\",\"MessageBody\":\"").Append(_bodies[_next++ % _bodies.Length]).Append("\"}");
            send.Append("]}");
            var t0 = Stopwatch.GetTimestamp();
            Call("SendMessageBatch", send.ToString());
            var t1 = Stopwatch.GetTimestamp();
            var received = Call("ReceiveMessage", "{\"QueueUrl\":\"" + _queueUrl + "\",\"MaxNumberOfMessages\":10,\"WaitTimeSeconds\":1}");
            var t2 = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(received);
            var handles = json.RootElement.TryGetProperty("Messages", out var messages)
                ? messages.EnumerateArray().Select(m => m.GetProperty("ReceiptHandle").GetString()!).ToList()
                : new System.Collections.Generic.List<string>();
            if (handles.Count == 0) throw new InvalidOperationException("ReceiveMessage answered no message: " + Encoding.UTF8.GetString(received));
            var delete = "{\"QueueUrl\":\"" + _queueUrl + "\",\"Entries\":[" +
                string.Join(",", handles.Select((h, i) => "{\"Id\":\"d" + i.ToString(CultureInfo.InvariantCulture) + "\",\"ReceiptHandle\":" + JsonSerializer.Serialize(h) + "}")) + "]}";
            var t3 = Stopwatch.GetTimestamp();
            Call("DeleteMessageBatch", delete);
            var t4 = Stopwatch.GetTimestamp();
            SendTicks += t1 - t0;
            ReceiveTicks += t2 - t1;
            DeleteTicks += t4 - t3;
            Cycles++;
        }

        private byte[] Call(string operation, string json)
        {
            // Ordinal: a NameValueCollection's default comparer hashes with the invariant culture (ICU), which HttpListener's headers do not.
            var headers = new NameValueCollection(StringComparer.OrdinalIgnoreCase)
            {
                ["X-Amz-Target"] = "AmazonSQS." + operation,
                ["Content-Type"] = "application/x-amz-json-1.0",
                ["Authorization"] = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
            };
            var response = _router.RouteAsync(new EndpointRequest("POST", _url, headers, Encoding.UTF8.GetBytes(json)), CancellationToken.None).GetAwaiter().GetResult();
            if (response.Status != 200) throw new InvalidOperationException(operation + " answered " + response.Status + ": " + Encoding.UTF8.GetString(response.Body));
            return response.Body;
        }
    }
}
