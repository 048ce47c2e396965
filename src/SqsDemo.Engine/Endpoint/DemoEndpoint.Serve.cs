using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Endpoint
{
    public sealed partial class DemoEndpoint
    {
        /// <summary>
        /// How many accepts wait at once. Each loop serves what it accepted on its own thread, without a hand-off,
        /// up to the request's first wait (a long poll's), then accepts again; while one loop is busy in a request's
        /// work, the others accept.
        /// </summary>
        internal static readonly int AcceptLoops = Math.Max(4, 2 * Environment.ProcessorCount);

        private void StartAccepting()
        {
            for (var i = 0; i < AcceptLoops; i++) _ = Task.Run(AcceptLoopAsync);
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stopping.IsCancellationRequested || !_listener.IsListening)
                {
                    return;
                }
                catch (HttpListenerException)
                {
                    continue; // one connection's failure; the listener still listens
                }
                Interlocked.Increment(ref _requestCount);
                Interlocked.Increment(ref _inFlight);
                // Served inline up to its first wait: a long poll returns here while it waits, so it holds no loop.
                _ = ServeAsync(context);
            }
        }

        private async Task ServeAsync(HttpListenerContext context)
        {
            try
            {
                var http = context.Request;
                var limit = RequestBody.LimitFor(http.Headers["X-Amz-Target"]);
                var body = await RequestBody.ReadAsync(http.InputStream, http.ContentLength64, limit, _stopping.Token).ConfigureAwait(false);
                var request = new EndpointRequest(http.HttpMethod, http.Url!, http.Headers, body ?? Array.Empty<byte>(), http.RawUrl);
                EndpointResponse response;
                try
                {
                    response = body == null
                        ? RequestRouter.TooLarge(request, limit)
                        : await _router.RouteAsync(request, _stopping.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!(e is OperationCanceledException && _stopping.IsCancellationRequested))
                {
                    response = RequestRouter.ErrorFor(request, WireError.Internal(e));
                }
                // A refused body is drained (bounded) so the client hears the answer; one left unread ends the connection.
                if (body == null && !await RequestBody.DrainAsync(http.InputStream, _stopping.Token).ConfigureAwait(false)) context.Response.KeepAlive = false;
                if (response.DropsConnection) ConnectionDrop.Drop(context);
                else await WriteAsync(context.Response, response).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Stopping, or the client went away: nothing to answer to.
                try
                {
                    context.Response.Abort();
                }
                catch (Exception)
                {
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static async Task WriteAsync(HttpListenerResponse http, EndpointResponse response)
        {
            http.StatusCode = response.Status;
            http.ContentType = response.ContentType;
            foreach (var header in response.Headers) http.Headers[header.Key] = header.Value;
            http.ContentLength64 = response.Body.Length;
            await http.OutputStream.WriteAsync(response.Body, 0, response.Body.Length).ConfigureAwait(false);
            http.Close();
        }
    }
}
