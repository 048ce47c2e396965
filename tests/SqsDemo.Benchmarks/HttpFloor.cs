using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Amazon.SQS.Model;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// Where a call's time goes, one layer at a time, all with the cheapest SQS call (ReceiveMessage, WaitTimeSeconds 0,
    /// on an empty queue): an HttpClient POST to an HttpListener whose handler answers "{}" at once (served as
    /// DemoEndpoint serves: one accept loop, each request on its own task), the same POST with the SQS JSON body
    /// to the endpoint, and the call through AmazonSQSClient. Their differences are the endpoint's own work and the SDK's.
    /// </summary>
    internal static class HttpFloor
    {
        public sealed class Result
        {
            public double EmptyHandlerUs, RawEndpointUs, SdkEndpointUs;
        }

        public static Result Measure(Uri endpoint, int calls, TimeSpan warmUp)
        {
            using var sdk = SdkSqsCycles.Client(endpoint);
            var queueUrl = sdk.CreateQueueAsync("bench-floor-" + Guid.NewGuid().ToString("N").Substring(0, 8)).GetAwaiter().GetResult().QueueUrl;
            try
            {
                using var http = new HttpClient();
                var receiveBody = "{\"QueueUrl\":\"" + queueUrl + "\",\"MaxNumberOfMessages\":10,\"WaitTimeSeconds\":0}";
                Func<Task> raw = () => Post(http, endpoint, receiveBody);
                Func<Task> viaSdk = () => sdk.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 });
                using var empty = EmptyListener.Start();
                Func<Task> floor = () => Post(http, empty.Url, receiveBody);
                return new Result
                {
                    EmptyHandlerUs = MicrosecondsPerCall(floor, calls, warmUp),
                    RawEndpointUs = MicrosecondsPerCall(raw, calls, warmUp),
                    SdkEndpointUs = MicrosecondsPerCall(viaSdk, calls, warmUp),
                };
            }
            finally
            {
                sdk.DeleteQueueAsync(queueUrl).GetAwaiter().GetResult();
            }
        }

        private static async Task Post(HttpClient http, Uri url, string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS.ReceiveMessage");
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0");
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException("HTTP " + (int)response.StatusCode + ": " + Encoding.UTF8.GetString(body));
        }

        /// <summary>The median over 5 slices of <paramref name="calls"/> / 5 calls each, after the warm-up.</summary>
        private static double MicrosecondsPerCall(Func<Task> call, int calls, TimeSpan warmUp)
        {
            var warming = Stopwatch.StartNew();
            for (var i = 0; i < 10 || warming.Elapsed < warmUp; i++) call().GetAwaiter().GetResult();
            var slice = Math.Max(1, calls / 5);
            return Enumerable.Range(0, 5).Select(_ =>
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < slice; i++) call().GetAwaiter().GetResult();
                return watch.Elapsed.TotalMilliseconds * 1000 / slice;
            }).OrderBy(us => us).ElementAt(2);
        }

        /// <summary>An HttpListener on a free loopback port that answers every request with "{}".</summary>
        private sealed class EmptyListener : IDisposable
        {
            private static readonly byte[] Answer = Encoding.UTF8.GetBytes("{}");
            private readonly HttpListener _listener;

            private EmptyListener(HttpListener listener, Uri url)
            {
                _listener = listener;
                Url = url;
            }

            public Uri Url { get; }

            public static EmptyListener Start()
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var listener = new HttpListener();
                var url = new Uri("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/");
                listener.Prefixes.Add(url.ToString());
                listener.Start();
                var empty = new EmptyListener(listener, url);
                _ = Task.Run(empty.AcceptLoop);
                return empty;
            }

            private async Task AcceptLoop()
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync().ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        return; // stopped
                    }
                    _ = Task.Run(() => AnswerEmpty(context));
                }
            }

            private static async Task AnswerEmpty(HttpListenerContext context)
            {
                try
                {
                    await context.Request.InputStream.CopyToAsync(System.IO.Stream.Null).ConfigureAwait(false);
                    context.Response.ContentType = "application/x-amz-json-1.0";
                    context.Response.ContentLength64 = Answer.Length;
                    await context.Response.OutputStream.WriteAsync(Answer, 0, Answer.Length).ConfigureAwait(false);
                    context.Response.Close();
                }
                catch (Exception)
                {
                    context.Response.Abort();
                }
            }

            public void Dispose()
            {
                _listener.Stop();
                _listener.Close();
            }
        }
    }
}
