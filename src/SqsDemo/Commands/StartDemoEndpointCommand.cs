using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Endpoint.Signing;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Serves the session's embedded backend over HTTP in SQS's own protocols, so the aws CLI, boto3 or any AWS SDK in another process can use its queues.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "DemoEndpoint")]
    [OutputType(typeof(DemoEndpoint))]
    public sealed class StartDemoEndpointCommand : DemoBackendCmdlet
    {
        /// <summary>The TCP port; 0 picks a free one. The default, 4580, stays clear of LocalStack (4566) and ElasticMQ (9324).</summary>
        [Parameter(Position = 0)]
        [ValidateRange(0, 65535)]
        public int Port { get; set; } = DemoEndpoint.DefaultPort;

        /// <summary>The address to listen on: 127.0.0.1 unless given. Anything but loopback lets other machines in, and warns.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string BindAddress { get; set; } = "127.0.0.1";

        /// <summary>
        /// Require every SQS and DynamoDB request to carry a valid AWS Signature Version 4 by one of these key pairs:
        /// each credential's user name is an access key id, its password the secret access key. PowerShell's own
        /// credential type, so Get-Credential, a SecretManagement vault or [pscredential]::new all give one; its
        /// presence alone turns checking on (a separate switch could only ever be given together with it).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public PSCredential[]? Credential { get; set; }

        /// <summary>Serve in the foreground until Ctrl+C (or the shell's stop on SIGTERM), printing what a client needs; then stop.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Serve seed 004's POST /tasks in front of this queue (an environment's QueueUrl): each task becomes one message.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.QueueUrlCompleter))]
        public string? TaskQueueUrl { get; set; }

        /// <summary>
        /// Serve a fresh embedded backend on this clock (1 is real time) and connect the session to it, as
        /// Connect-DemoBackend -Embedded -TimeScale would: a client's own pace then meets the server's waits.
        /// </summary>
        [Parameter]
        [ValidateRange(0.001, 10000.0)]
        public double? TimeScale { get; set; }

        protected override void EndProcessing()
        {
            var backend = TimeScale is double scale ? ConnectOnClock(scale) : ActiveBackend;
            if (backend.Kind != BackendKind.Embedded)
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.EndpointNeedsEmbeddedBackend, ErrorCategory.InvalidArgument, backend,
                    "An endpoint serves an embedded backend; " + backend.Description + " is not one.",
                    "Connect-DemoBackend -Embedded (or give -Backend an embedded one); remote backends have endpoints of their own."));
            var signatures = ReadCredentials();
            var address = ParseBindAddress();
            var endpoint = StartOn(backend, address, signatures);
            if (TaskQueueUrl != null) ServeTasks(endpoint);
            Session.Remember(endpoint);
            WriteVerbose("Serving " + backend.Description + " at " + endpoint.Url + ".");
            if (!Wait)
            {
                WriteObject(endpoint);
                return;
            }
            Announce(endpoint);
            StopToken.WaitHandle.WaitOne();
            // The pipeline is stopping (Ctrl+C, SIGTERM): it takes no more output, so the endpoint just stops.
            endpoint.Stop();
            Session.Forget(endpoint);
        }

        /// <summary>A fresh embedded backend on <paramref name="scale"/>, now the session's.</summary>
        private DemoRun ConnectOnClock(double scale)
        {
            if (Backend != null)
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.EndpointTimeScaleWithBackend, ErrorCategory.InvalidArgument, Backend,
                    "-TimeScale serves a new embedded backend, so it cannot be given with -Backend.",
                    "Give -TimeScale alone (the session connects to the new backend), or make the backend with Connect-DemoBackend -Embedded -TimeScale and pass it to -Backend."));
            var backend = DemoRun.CreateEmbedded(scale, null);
            Session.Connect(backend);
            return backend;
        }

        /// <summary>Puts POST /tasks in front of -TaskQueueUrl, which must be a queue of the backend served.</summary>
        private void ServeTasks(DemoEndpoint endpoint)
        {
            try
            {
                endpoint.ServeTasks(TaskQueueUrl!);
                Run(_ => endpoint.Run.Broker.GetQueueAttributesAsync(endpoint.TaskQueueUrl!, new[] { "QueueArn" }, StopToken));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                endpoint.Stop();
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.TaskQueueNotFound, ErrorCategory.ObjectNotFound, TaskQueueUrl,
                    "The task queue '" + TaskQueueUrl + "' is not a queue of " + endpoint.Backend + ": " + e.Message,
                    "Give the QueueUrl of an environment made with New-DemoEnvironment on the backend the endpoint serves."));
            }
        }

        /// <summary>The key pairs of -Credential as a verifier; null without -Credential.</summary>
        private SignatureVerifier? ReadCredentials()
        {
            if (Credential == null) return null;
            var keys = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>>();
            foreach (var credential in Credential)
            {
                var network = credential?.GetNetworkCredential();
                keys.Add(new System.Collections.Generic.KeyValuePair<string, string>(network?.UserName ?? "", network?.Password ?? ""));
            }
            try
            {
                return new SignatureVerifier(keys);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidEndpointCredential, ErrorCategory.InvalidArgument, null,
                    "-Credential cannot be used: " + e.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0],
                    "Give each key pair once, as a credential whose user name is the access key id and whose password is the secret access key."));
                throw;
            }
        }

        private IPAddress ParseBindAddress()
        {
            if (!IPAddress.TryParse(BindAddress, out var address))
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidBindAddress, ErrorCategory.InvalidArgument, BindAddress,
                    "'" + BindAddress + "' is not an IP address.", "Give an IP address such as 127.0.0.1 (the default) or 0.0.0.0 for every interface."));
            if (!IPAddress.IsLoopback(address!))
                WriteWarning("The endpoint listens on " + address + ", not loopback: anyone who can reach this machine can use its queues"
                    + (Credential == null ? ", without credentials being checked (give -Credential to require signed requests)." : " who signs with a key of -Credential, over plain HTTP."));
            return address!;
        }

        private DemoEndpoint StartOn(DemoRun backend, IPAddress address, SignatureVerifier? signatures)
        {
            try
            {
                return DemoEndpoint.Start(backend, Port, address, signatures);
            }
            catch (EndpointStartException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, e.PortInUse ? ErrorIds.EndpointPortInUse : ErrorIds.EndpointStartFailed,
                    e.PortInUse ? ErrorCategory.ResourceUnavailable : ErrorCategory.OpenError, Port)
                {
                    ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = "Choose another port with -Port, or -Port 0 for a free one." },
                });
                throw;
            }
        }

        /// <summary>What a client in another terminal needs, on the host (not the pipeline): the URL and the environment variables.</summary>
        private void Announce(DemoEndpoint endpoint)
        {
            var region = (endpoint.Run.Broker as Engine.Broker.Embedded.EmbeddedBroker)?.Options.Region ?? "us-east-1";
            // The secrets of -Credential are never printed: the caller already has them.
            var keys = endpoint.RequiresSignature
                ? "  export AWS_ACCESS_KEY_ID=" + endpoint.AccessKeyIds.First() + " AWS_SECRET_ACCESS_KEY=<its secret> AWS_REGION=" + region + " AWS_DEFAULT_REGION=" + region
                : "  export AWS_ACCESS_KEY_ID=consumer-1 AWS_SECRET_ACCESS_KEY=dummy AWS_REGION=" + region + " AWS_DEFAULT_REGION=" + region;
            var lines = new[]
            {
                "SqsDemo endpoint serving " + endpoint.Backend + " at " + endpoint.Url,
                endpoint.RequiresSignature
                    ? "Point a client at it, signing with a key pair of -Credential (" + string.Join(", ", endpoint.AccessKeyIds) + "); the access key id names the caller in the journal:"
                    : "Point a client at it (the access key id names the caller in the journal; the secret is not checked):",
                "  export AWS_ENDPOINT_URL=" + endpoint.Url,
                keys,
                "Press Ctrl+C to stop.",
            };
            foreach (var line in lines) WriteInformation(new HostInformationMessage { Message = line }, new[] { "PSHOST" });
        }
    }
}
