using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Connect-DemoBackend asks the endpoint once (ListQueues) so that a wrong endpoint or refused credentials fail at
    /// once. A role scoped to its own queues (the ECS consumer's task role in terraform/ecs.tf) may not list queues: SQS
    /// answers AccessDenied to credentials it recognised, and that is a working connection. Here an HTTP listener plays
    /// SQS answering every request with one error, in SQS's JSON protocol.
    /// </summary>
    public sealed class ConnectProbeTests : IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose() => _session.Dispose();

        [Theory]
        [InlineData("com.amazon.coral.service#AccessDeniedException", null)]
        [InlineData("com.amazon.coral.service#AccessDeniedException", "AccessDenied;Sender")]
        public void A_denied_ListQueues_still_connects_and_says_so_under_Verbose(string type, string? queryError)
        {
            using var sqs = new ErrorAnsweringEndpoint(HttpStatusCode.Forbidden, type, queryError,
                "User: arn:aws:sts::123456789012:assumed-role/sqsdemo-consumer-task/x is not authorized to perform: sqs:listqueues");
            var run = _session.Run($"Connect-DemoBackend -EndpointUrl {sqs.Endpoint} -Region us-east-1 -Verbose");
            run.NoErrors();
            Assert.Equal(BackendKind.Endpoint, run.Single<DemoRun>().Kind);
            Assert.Contains(run.Verbose, v => v.StartsWith("The credentials may not list queues (AccessDenied", StringComparison.Ordinal));
            Assert.True(sqs.Requests > 0);
        }

        [Fact]
        public void Credentials_SQS_does_not_recognise_still_fail_at_connect()
        {
            using var sqs = new ErrorAnsweringEndpoint(HttpStatusCode.Forbidden, "com.amazon.coral.service#InvalidClientTokenId", "InvalidClientTokenId;Sender",
                "The security token included in the request is invalid.");
            var error = _session.RunExpectingTerminatingError($"Connect-DemoBackend -EndpointUrl {sqs.Endpoint} -Region us-east-1");
            Assert.StartsWith("InvalidClientTokenId,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        }

        /// <summary>A web server that is not SQS (python -m http.server answers a POST so) is named as such, not as SQS's InternalError.</summary>
        [Fact]
        public void A_plain_web_server_given_as_the_endpoint_is_said_to_be_no_SQS_endpoint()
        {
            using var web = new ErrorAnsweringEndpoint("text/html", HttpStatusCode.NotImplemented, "<html><body><h1>Error response</h1><p>Error code: 501</p></body></html>");

            var error = _session.RunExpectingTerminatingError($"Connect-DemoBackend -EndpointUrl {web.Endpoint} -Region us-east-1");

            Assert.Equal("EndpointNotSqs,SqsDemo.Commands.ConnectDemoBackendCommand", error.FullyQualifiedErrorId);
            Assert.Contains("answered ListQueues with HTTP 501 (NotImplemented) and no SQS error: it is not an SQS endpoint.", error.Exception.Message);
            Assert.DoesNotContain("has a path", error.Exception.Message);
            Assert.Contains("Start-DemoEndpoint", error.ErrorDetails.RecommendedAction);
            Assert.IsType<SqsDemo.Engine.Broker.SqsException>(error.Exception.InnerException);
        }

        [Fact]
        public void An_endpoint_URL_with_a_path_that_finds_no_SQS_says_the_path_is_the_likely_cause()
        {
            using var web = new ErrorAnsweringEndpoint("text/html", HttpStatusCode.NotFound, "<html><body>Not Found</body></html>");
            var withPath = new Uri(web.Endpoint, "some/path");

            var error = _session.RunExpectingTerminatingError($"Connect-DemoBackend -EndpointUrl {withPath} -Region us-east-1");

            Assert.Equal("EndpointNotSqs,SqsDemo.Commands.ConnectDemoBackendCommand", error.FullyQualifiedErrorId);
            Assert.Contains("HTTP 404", error.Exception.Message);
            Assert.Contains("The URL has a path (/some/path): an SQS endpoint is the server's root, such as " + web.Endpoint.GetLeftPart(UriPartial.Authority) + ".", error.Exception.Message);
        }

        /// <summary>An HTTP endpoint on a free loopback port that answers every request with one SQS error.</summary>
        private sealed class ErrorAnsweringEndpoint : IDisposable
        {
            private readonly HttpListener _listener = new HttpListener();
            private readonly Task _serving;
            private int _requests;

            public ErrorAnsweringEndpoint(HttpStatusCode status, string type, string? queryError, string message)
                : this("application/x-amz-json-1.0", status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}", queryError)
            {
            }

            /// <summary>A server answering every request with <paramref name="text"/> of <paramref name="contentType"/> (a web server's HTML page, say).</summary>
            public ErrorAnsweringEndpoint(string contentType, HttpStatusCode status, string text, string? queryError = null)
            {
                Endpoint = new Uri("http://127.0.0.1:" + MotoServer.FreePort().ToString(CultureInfo.InvariantCulture) + "/");
                _listener.Prefixes.Add(Endpoint.ToString());
                _listener.Start();
                var body = Encoding.UTF8.GetBytes(text);
                _serving = Task.Run(async () =>
                {
                    while (_listener.IsListening)
                    {
                        HttpListenerContext context;
                        try
                        {
                            context = await _listener.GetContextAsync().ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is HttpListenerException || e is ObjectDisposedException || e is InvalidOperationException)
                        {
                            return; // stopped
                        }
                        Interlocked.Increment(ref _requests);
                        using (context.Request.InputStream) { }
                        var response = context.Response;
                        response.StatusCode = (int)status;
                        response.ContentType = contentType;
                        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                        if (queryError != null) response.Headers["x-amzn-query-error"] = queryError;
                        response.ContentLength64 = body.Length;
                        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
                        response.Close();
                    }
                });
            }

            public Uri Endpoint { get; }

            public int Requests => Volatile.Read(ref _requests);

            public void Dispose()
            {
                _listener.Stop();
                _listener.Close();
                _serving.Wait(TimeSpan.FromSeconds(5));
            }
        }
    }
}
