using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Tests.Outages
{
    /// <summary>What <see cref="FaultProxy"/> does with a connection.</summary>
    public enum ProxyMode
    {
        /// <summary>Forwards both ways to the target port (a dead target: the client's connection is reset).</summary>
        Pass,
        /// <summary>Resets every connection as it is accepted.</summary>
        Reset,
        /// <summary>Accepts, reads, and never answers.</summary>
        BlackHole,
    }

    /// <summary>
    /// A TCP proxy on a free loopback port between a client and a server, whose mode the test switches:
    /// a switch resets the connections already open (an HTTP client's pooled keep-alive connections
    /// would otherwise go on passing), so every request after it meets the new mode.
    /// </summary>
    public sealed class FaultProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly ConcurrentDictionary<Socket, byte> _open = new ConcurrentDictionary<Socket, byte>();
        private readonly CancellationTokenSource _stopped = new CancellationTokenSource();
        private volatile ProxyMode _mode;
        private int _accepted;

        public FaultProxy(int targetPort)
        {
            TargetPort = targetPort;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoopAsync);
        }

        public int Port { get; }
        public Uri Uri => new Uri("http://127.0.0.1:" + Port + "/");

        /// <summary>Where passed connections go: a restarted server may listen elsewhere.</summary>
        public int TargetPort { get; set; }

        /// <summary>Connections accepted so far (in any mode).</summary>
        public int Accepted => Volatile.Read(ref _accepted);

        public ProxyMode Mode
        {
            get => _mode;
            set
            {
                _mode = value;
                foreach (var socket in _open.Keys) Reset(socket);
            }
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stopped.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stopped.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue;
                }
                Interlocked.Increment(ref _accepted);
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(Socket client)
        {
            switch (_mode)
            {
                case ProxyMode.Reset:
                    Reset(client);
                    return;
                case ProxyMode.BlackHole:
                    _open[client] = 0;
                    await DrainAsync(client).ConfigureAwait(false);
                    return;
            }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, TargetPort).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                server.Dispose();
                Reset(client);
                return;
            }
            _open[client] = 0;
            _open[server] = 0;
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client)).ConfigureAwait(false);
            Reset(client);
            Reset(server);
        }

        private static async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false);
                    if (read == 0) return;
                    var sent = 0;
                    while (sent < read) sent += await to.SendAsync(new ArraySegment<byte>(buffer, sent, read - sent), SocketFlags.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
            }
        }

        /// <summary>Reads and drops what the client sends, until it or the proxy closes the connection.</summary>
        private async Task DrainAsync(Socket client)
        {
            var buffer = new byte[4096];
            try
            {
                while (await client.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false) > 0) { }
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
            }
            Reset(client);
        }

        /// <summary>Closes with an RST (linger 0), as a crashed peer or a middlebox would.</summary>
        private void Reset(Socket socket)
        {
            _open.TryRemove(socket, out _);
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _stopped.Cancel();
            _listener.Stop();
            foreach (var socket in _open.Keys) Reset(socket);
            _stopped.Dispose();
        }
    }
}
