using System;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Ends a request's connection without a byte of answer, as a lost response looks to the client (the server
    /// closed the connection without response: every SDK retries that). HttpListener's Abort does so on Windows
    /// (http.sys), but .NET's managed HttpListener (Linux, macOS) writes a "200 OK" with an empty body as it closes
    /// the response stream, which a DeleteMessage client takes for success. There the socket is shut down first
    /// (found by reflection on the listener's connection; the listener ignores the writes that then fail).
    /// </summary>
    internal static class ConnectionDrop
    {
        private static readonly PropertyInfo? ConnectionProperty =
            typeof(HttpListenerContext).GetProperty("Connection", BindingFlags.NonPublic | BindingFlags.Instance);

        private static readonly FieldInfo? SocketField =
            ConnectionProperty?.PropertyType.GetField("_socket", BindingFlags.NonPublic | BindingFlags.Instance);

        public static void Drop(HttpListenerContext context)
        {
            try
            {
                if (SocketField != null && SocketField.GetValue(ConnectionProperty!.GetValue(context)) is Socket socket) socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is TargetInvocationException)
            {
                // The client went away already: nothing can reach it either way.
            }
            context.Response.Abort();
        }
    }
}
