using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Endpoint.DynamoDb;

namespace SqsDemo.Tests.Endpoint.DynamoDb
{
    /// <summary>
    /// A tiny DynamoDB endpoint on a free loopback port: HttpListener, the codec both ways, and
    /// a handler in the test's hands that stands in for the item store. Each request is read,
    /// answered and closed the way the real endpoint will route DynamoDB_20120810.* targets.
    /// </summary>
    internal sealed class DynamoDbWireServer : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly Func<string, AmazonDynamoDBRequest, AmazonWebServiceResponse> _handle;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        public DynamoDbWireServer(Func<string, AmazonDynamoDBRequest, AmazonWebServiceResponse> handle)
        {
            _handle = handle;
            (_listener, Url) = Listen();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public AmazonDynamoDBClient Client() =>
            new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"),
                new AmazonDynamoDBConfig { ServiceURL = Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        private static (HttpListener, string) Listen()
        {
            for (var attempt = 0; ; attempt++)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var url = $"http://127.0.0.1:{port}/";
                var listener = new HttpListener();
                listener.Prefixes.Add(url);
                try
                {
                    listener.Start();
                    return (listener, url);
                }
                catch (HttpListenerException) when (attempt < 10)
                {
                    listener.Close(); // the port was taken between the probe and the bind
                }
            }
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening) { return; }
                var answer = await AnswerAsync(context.Request);
                context.Response.StatusCode = answer.StatusCode;
                context.Response.ContentType = DynamoDbWireResponse.ContentType;
                context.Response.ContentLength64 = answer.Body.Length;
                await context.Response.OutputStream.WriteAsync(answer.Body);
                context.Response.Close();
            }
        }

        private async Task<DynamoDbWireResponse> AnswerAsync(HttpListenerRequest request)
        {
            try
            {
                var operation = DynamoDbOperations.FromTarget(request.Headers["X-Amz-Target"]);
                var declared = request.ContentLength64 >= 0 ? request.ContentLength64 : (long?)null;
                var body = await DynamoDbRequestBody.ReadAsync(request.InputStream, declared, _stop.Token);
                return DynamoDbJsonResponses.Write(_handle(operation, DynamoDbJsonRequests.Read(operation, body)));
            }
            catch (Exception error)
            {
                return DynamoDbJsonErrors.From(error);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Close();
        }
    }
}
