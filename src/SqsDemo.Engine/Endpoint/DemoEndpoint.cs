using System;
using System.Globalization;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Serves a run's embedded broker over HTTP (System.Net.HttpListener) in SQS's JSON and Query protocols, so
    /// the aws CLI, boto3 or any SDK in another process can use it. Requests are served concurrently (a long poll
    /// holds only its own request); waits run on the run's scaled clock. Each caller acts under its access key id,
    /// so the journal and the accounting see outside producers and consumers by name.
    /// </summary>
    public sealed partial class DemoEndpoint : IDisposable
    {
        /// <summary>
        /// 4580: next to the emulators' ports without taking theirs (LocalStack 4566, ElasticMQ 9324), so an
        /// endpoint can run beside either while comparing them.
        /// </summary>
        public const int DefaultPort = 4580;

        private const int PortAttempts = 10;
        private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

        private readonly HttpListener _listener;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly RequestRouter _router;
        private long _requestCount;
        private int _inFlight;
        private int _stopped;

        private DemoEndpoint(DemoRun run, HttpListener listener, IPAddress address, int port, Signing.SignatureVerifier? signatures)
        {
            Run = run;
            _listener = listener;
            BindAddress = address;
            Port = port;
            var host = address.Equals(IPAddress.Any) ? Dns.GetHostName() : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
            Url = "http://" + host + ":" + port.ToString(CultureInfo.InvariantCulture);
            Sqs = new SqsService(run, Url);
            _router = new RequestRouter(Sqs) { Signatures = signatures };
            // The run's ledger tables, served to outside clients: the same store SqsDemo's own consumer writes.
            if (run.Tables is Tables.ITableStore tables) _router.AddTarget(DynamoDb.DynamoDbJsonProtocol.TargetPrefix, new DynamoDb.DynamoDbJsonProtocol(tables, run.Journal));
            Faults = new Faults.EndpointFaults(run, Url);
            // First among the interceptors: a fault acts on every caller's calls, before any kill trigger looks.
            _router.AddInterceptor(Faults);
            StartedAt = DateTimeOffset.Now;
        }

        /// <summary>The protocol faults in place on this endpoint (Add-DemoEndpointFault); they last as long as it serves.</summary>
        public Faults.EndpointFaults Faults { get; }

        public DemoRun Run { get; }
        /// <summary>The run's description: which backend the endpoint serves.</summary>
        public string Backend => Run.Description;
        public string Url { get; }
        public int Port { get; }
        public IPAddress BindAddress { get; }
        /// <summary>Wall-clock time the endpoint started.</summary>
        public DateTimeOffset StartedAt { get; }
        public long RequestCount => Interlocked.Read(ref _requestCount);
        public bool IsRunning => Volatile.Read(ref _stopped) == 0;
        public SqsService Sqs { get; }
        /// <summary>True when every SQS and DynamoDB request must carry a valid SigV4 signature by one of the given keys.</summary>
        public bool RequiresSignature => _router.Signatures != null;
        /// <summary>The access key ids whose signatures are accepted; empty when signatures are not checked.</summary>
        public System.Collections.Generic.IReadOnlyCollection<string> AccessKeyIds => _router.Signatures?.AccessKeyIds ?? Array.Empty<string>();
        /// <summary>Where further services plug in (DynamoDB's X-Amz-Target prefix).</summary>
        public RequestRouter Router => _router;

        /// <summary>The queue <c>POST /tasks</c> submits to, once <see cref="ServeTasks"/> was called; else null.</summary>
        public string? TaskQueueUrl { get; private set; }

        /// <summary>
        /// Serves seed 004's <c>POST /tasks</c> in front of <paramref name="queueUrl"/> (the broker's URL, or this
        /// endpoint's form of it): each task becomes one message, sent as <see cref="TaskFrontDoor.Actor"/>.
        /// </summary>
        public void ServeTasks(string queueUrl)
        {
            var brokerUrl = Sqs.Urls.ToBroker(queueUrl);
            _router.Tasks = new TaskFrontDoor(Sqs.BrokerFor(TaskFrontDoor.Actor), brokerUrl);
            TaskQueueUrl = brokerUrl;
        }

        /// <summary>
        /// Starts serving <paramref name="run"/> on <paramref name="address"/> (loopback when null) and
        /// <paramref name="port"/> (0 picks a free one). Throws <see cref="EndpointStartException"/> when the port is taken.
        /// </summary>
        /// <param name="signatures">When given, requests must be signed by one of its keys from the first request on.</param>
        public static DemoEndpoint Start(DemoRun run, int port = DefaultPort, IPAddress? address = null, Signing.SignatureVerifier? signatures = null)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            if (port < 0 || port > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "The port must be 0-65535.");
            var bind = address ?? IPAddress.Loopback;
            for (var attempt = 1; ; attempt++)
            {
                var actual = port == 0 ? FreePort.On(bind) : port;
                // A dropped connection (ConnectionDrop) leaves the response unwritable: its writes are ignored, not thrown.
                var listener = new HttpListener { IgnoreWriteExceptions = true };
                listener.Prefixes.Add("http://" + PrefixHost(bind) + ":" + actual.ToString(CultureInfo.InvariantCulture) + "/");
                // HttpListener matches the Host header: on 127.0.0.1, clients given http://localhost:PORT must be answered too.
                if (bind.Equals(IPAddress.Loopback)) listener.Prefixes.Add("http://localhost:" + actual.ToString(CultureInfo.InvariantCulture) + "/");
                try
                {
                    listener.Start();
                }
                catch (HttpListenerException e)
                {
                    listener.Close();
                    // A free port another process took first: pick again.
                    if (port == 0 && attempt < PortAttempts) continue;
                    throw new EndpointStartException("Port " + actual.ToString(CultureInfo.InvariantCulture) + " on " + bind + " is in use (" + e.Message + "). Choose another with -Port, or -Port 0 for a free one.", actual, portInUse: true, e);
                }
                var endpoint = new DemoEndpoint(run, listener, bind, actual, signatures);
                endpoint.StartAccepting();
                return endpoint;
            }
        }

        private static string PrefixHost(IPAddress address) =>
            address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "+"
            : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]"
            : address.ToString();

        /// <summary>Stops listening, cancels waiting long polls and waits (briefly) for requests in flight.</summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
            _stopping.Cancel();
            try
            {
                _listener.Stop();
            }
            catch (ObjectDisposedException)
            {
            }
            SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) == 0, DrainTimeout);
            try
            {
                _listener.Close();
            }
            catch (HttpListenerException)
            {
                // Stop released the port; the managed listener's Close looks the port up again, binding it anew, and
                // fails when another listener took it meanwhile ("Address already in use", seen with tests side by
                // side). Nothing of ours is left on it.
            }
        }

        public void Dispose() => Stop();

        public override string ToString() => Url + " (" + Backend + ")";
    }
}
