using System.Net;
using System.Net.Sockets;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>A port nobody listens on right now. HttpListener cannot bind port 0, so the OS picks one for a TcpListener first (another process may still take it before the HttpListener does: callers retry).</summary>
    internal static class FreePort
    {
        public static int On(IPAddress address)
        {
            var probe = new TcpListener(address, 0);
            probe.Start();
            try
            {
                return ((IPEndPoint)probe.LocalEndpoint).Port;
            }
            finally
            {
                probe.Stop();
            }
        }
    }
}
