using System;
using System.Management.Automation;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Chooses the backend that SqsDemo cmdlets use in this session: the embedded broker, or an SQS/DynamoDB endpoint.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "DemoBackend", DefaultParameterSetName = EmbeddedSet)]
    [OutputType(typeof(DemoBackend))]
    public sealed class ConnectDemoBackendCommand : DemoCmdlet
    {
        private const string EmbeddedSet = "Embedded";
        private const string EndpointSet = "Endpoint";

        /// <summary>Use the in-process broker on the scaled scenario clock (the default).</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        public SwitchParameter Embedded { get; set; }

        /// <summary>Scenario seconds per wall second.</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.001, 10000.0)]
        public double TimeScale { get; set; } = DemoBackend.DefaultTimeScale;

        /// <summary>An SQS- and DynamoDB-compatible endpoint: LocalStack, moto, ElasticMQ (SQS only).</summary>
        [Parameter(Mandatory = true, ParameterSetName = EndpointSet)]
        public Uri? EndpointUrl { get; set; }

        /// <summary>The region to sign requests for.</summary>
        [Parameter(ParameterSetName = EndpointSet)]
        [ValidateNotNullOrEmpty]
        public string Region { get; set; } = "us-east-1";

        /// <summary>The run's seed; a random one when omitted.</summary>
        [Parameter]
        public int? Seed { get; set; }

        protected override void EndProcessing()
        {
            var backend = ParameterSetName == EndpointSet ? ConnectEndpoint() : DemoBackend.CreateEmbedded(TimeScale, Seed);
            Session.Connect(backend);
            WriteVerbose("Connected to " + backend.Description + ".");
            WriteObject(backend);
        }

        private DemoBackend ConnectEndpoint()
        {
            var endpoint = EndpointUrl!;
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidEndpointUrl, ErrorCategory.InvalidArgument, endpoint,
                    $"'{endpoint}' is not an http or https URL.", "Give the endpoint's URL, for example http://127.0.0.1:4566 for LocalStack."));
            WriteDebug(AwsBroker.IsLoopback(endpoint)
                ? $"Endpoint {endpoint} is on this machine: signing with dummy credentials for region {Region}."
                : $"Endpoint {endpoint}: credentials from the AWS SDK's default chain (environment, profile, instance role), region {Region} from -Region.");
            var broker = AwsBroker.ForEndpoint(endpoint, Region);
            var ledger = DynamoDbLedger.ForEndpoint(endpoint, Region);
            try
            {
                // Ask once now: an unreachable endpoint should fail here, clearly, not in the first scenario.
                Run(_ => broker.ListQueuesAsync(null, StopToken));
            }
            catch (SqsException e)
            {
                broker.Dispose();
                ledger.Dispose();
                ThrowTerminatingError(new ErrorRecord(e, e.ErrorCode, ErrorRecords.CategoryOf(e.ErrorCode), endpoint));
            }
            return DemoBackend.CreateRemote(BackendKind.Endpoint, $"Endpoint {endpoint} ({Region})", broker, ledger, Seed);
        }
    }
}
