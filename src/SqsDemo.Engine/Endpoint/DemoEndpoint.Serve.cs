using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Endpoint
{
    public sealed partial class DemoEndpoint
    {
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
                // Each request on its own: a long poll must not hold up the next accept.
                _ = Task.Run(() => ServeAsync(context));
            }
        }

        private async Task ServeAsync(HttpListenerContext context)
        {
            try
            {
                var http = context.Request;
                var limit = RequestBody.LimitFor(http.Headers["X-Amz-Target"]);
                var body = await RequestBody.ReadAsync(http.InputStream, http.ContentLength64, limit, _stopping.Token).ConfigureAwait(false);
                var request = new EndpointRequest(http.HttpMethod, http.Url!, http.Headers, body ?? Array.Empty<byte>());
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
