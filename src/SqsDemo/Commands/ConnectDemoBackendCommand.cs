using System;
using System.Globalization;
using System.Management.Automation;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Chooses the backend that SqsDemo cmdlets use in this session: the embedded broker, an SQS/DynamoDB endpoint, or AWS.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "DemoBackend", DefaultParameterSetName = EmbeddedSet)]
    [OutputType(typeof(DemoRun))]
    public sealed class ConnectDemoBackendCommand : DemoCmdlet
    {
        private const string EmbeddedSet = "Embedded";
        private const string EndpointSet = "Endpoint";
        private const string AwsSet = "Aws";

        /// <summary>Use the in-process broker on the scaled scenario clock (the default).</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        public SwitchParameter Embedded { get; set; }

        /// <summary>Scenario seconds per wall second.</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.001, 10000.0)]
        public double TimeScale { get; set; } = DemoRun.DefaultTimeScale;

        /// <summary>The chance (from the seed) that a delete does not reach every replica, so the message comes back: SQS's rare duplicate.</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.0, 1.0)]
        public double DuplicateDeliveryRate { get; set; }

        /// <summary>How many places early best-effort ordering may deliver a standard queue's message; 0 is strict send order.</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0, 1000)]
        public int ReorderWindow { get; set; } = DefaultReorderWindow;

        private static readonly int DefaultReorderWindow = new Engine.Broker.Embedded.EmbeddedBrokerOptions().ReorderWindow;

        /// <summary>An SQS- and DynamoDB-compatible endpoint: LocalStack, moto, ElasticMQ (SQS only).</summary>
        [Parameter(Mandatory = true, ParameterSetName = EndpointSet)]
        public Uri? EndpointUrl { get; set; }

        /// <summary>The region: for AWS, where the queues are; for an endpoint, what requests are signed for.</summary>
        [Parameter(ParameterSetName = EndpointSet)]
        [Parameter(ParameterSetName = AwsSet)]
        [ValidateNotNullOrEmpty]
        public string? Region { get; set; }

        /// <summary>A profile of the shared AWS config and credentials files, for credentials (and region, and endpoint_url).</summary>
        [Parameter(ParameterSetName = EndpointSet)]
        [Parameter(ParameterSetName = AwsSet)]
        [ValidateNotNullOrEmpty]
        public string? ProfileName { get; set; }

        /// <summary>The JSON of `terraform output -json` in terraform/: use the queues and tables it names.</summary>
        [Parameter(ParameterSetName = EndpointSet)]
        [Parameter(ParameterSetName = AwsSet)]
        [ValidateNotNullOrEmpty]
        public string? TerraformOutput { get; set; }

        /// <summary>The run's seed; a random one when omitted.</summary>
        [Parameter]
        public int? Seed { get; set; }

        protected override void EndProcessing()
        {
            var backend = ParameterSetName == EmbeddedSet
                ? DemoRun.CreateEmbedded(TimeScale, Seed, new Engine.Broker.Embedded.EmbeddedBrokerOptions { DuplicateDeliveryRate = DuplicateDeliveryRate, ReorderWindow = ReorderWindow })
                : ConnectRemote();
            Session.Connect(backend);
            WriteVerbose("Connected to " + backend.Description + ".");
            WriteObject(backend);
        }

        /// <summary>An HTTP answer with no SQS error at all (no code in the body or x-amzn-query-error): a web page, a 404, a 501.</summary>
        private static bool IsNotAnSqsAnswer(SqsException error) =>
            error.InnerException is Amazon.Runtime.AmazonServiceException service && string.IsNullOrEmpty(service.ErrorCode) && (int)service.StatusCode >= 300;

        /// <summary>
        /// An HTTP server answered the probe, but not as SQS does (no SQS error code): a web server, another service, or
        /// an SQS endpoint's URL with a path in front of something else. Said as such, the server's answer kept inside.
        /// </summary>
        private static ErrorRecord NotAnSqsEndpoint(Uri? endpoint, SqsException answer)
        {
            var status = answer.InnerException is Amazon.Runtime.AmazonServiceException service
                ? "HTTP " + ((int)service.StatusCode).ToString(CultureInfo.InvariantCulture) + " (" + service.StatusCode + ")" : "an error";
            var where = endpoint?.ToString() ?? "The endpoint";
            var path = endpoint != null && endpoint.AbsolutePath.Trim('/').Length > 0
                ? " The URL has a path (" + endpoint.AbsolutePath + "): an SQS endpoint is the server's root, such as " + endpoint.GetLeftPart(UriPartial.Authority) + "."
                : "";
            var message = where + " answered ListQueues with " + status + " and no SQS error: it is not an SQS endpoint." + path;
            return new ErrorRecord(new InvalidOperationException(message, answer), ErrorIds.EndpointNotSqs, ErrorCategory.InvalidResult, endpoint)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = "Give the URL of an SQS-compatible endpoint (LocalStack, ElasticMQ, moto, or Start-DemoEndpoint's Url), or leave -EndpointUrl out to connect to AWS.",
                },
            };
        }

        private DemoRun ConnectRemote()
        {
            var endpoint = EndpointUrl;
            if (endpoint != null && endpoint.IsAbsoluteUri && !string.IsNullOrEmpty(endpoint.UserInfo))
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidEndpointUrl, ErrorCategory.InvalidArgument, null,
                    "The endpoint URL carries a user name or password; SqsDemo does not send credentials in URLs (and will not echo it).",
                    "Give the endpoint without user information; credentials come from the profile or the environment."));
            if (endpoint != null && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidEndpointUrl, ErrorCategory.InvalidArgument, endpoint,
                    $"'{endpoint}' is not an http or https URL.", "Give the endpoint's URL, for example http://127.0.0.1:4566 for LocalStack."));

            TerraformOutput? terraform = null;
            if (TerraformOutput != null)
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(TerraformOutput);
                terraform = Guard(() => Engine.Environments.TerraformOutput.Load(path), TerraformOutput);
                WriteVerbose($"Terraform output {path}: {terraform.Environments.Count} environment(s): {string.Join(", ", terraform.Environments.Keys)}.");
            }

            // Terraform's resources are in its aws_region: it comes right after -Region.
            var region = Region ?? terraform?.Region;
            var regionSource = Region == null && terraform?.Region != null ? "aws_region of the Terraform output" : null;
            var connection = Guard(() => AwsConnection.Resolve(region, ProfileName, endpoint, regionSource), (object?)ProfileName ?? endpoint);
            // Where each setting came from, as AWS Tools for PowerShell say it under -Debug; never a secret.
            WriteDebug("Endpoint: " + (connection.Endpoint?.ToString() ?? "AWS") + " (from " + connection.EndpointSource + ").");
            WriteDebug("Region: " + connection.Region + " (from " + connection.RegionSource + ").");
            WriteDebug("Credentials: from " + connection.CredentialSource + ".");

            var retention = ReadLedgerRetention();
            AwsBroker? broker = null;
            DynamoDbLedger? ledger = null;
            try
            {
                broker = AwsBroker.Connect(connection);
                ledger = DynamoDbLedger.Connect(connection, retention: retention);
                // Ask once now: an unreachable endpoint or refused credentials should fail here, clearly, not in the first scenario.
                try
                {
                    Run(_ => broker.ListQueuesAsync(null, StopToken));
                }
                catch (SqsException denied) when (IsAccessDenied(denied.ErrorCode))
                {
                    // A denial is SQS answering credentials it accepted: a role granted only its own queues (the ECS
                    // consumer's task role, terraform/ecs.tf) may not list queues, and still works on them.
                    WriteVerbose("The credentials may not list queues (" + denied.ErrorCode + "): connected all the same; calls on queues they are granted will work.");
                }
            }
            catch (Exception e)
            {
                // Nothing is connected: the clients (and their HTTP handlers) go, whatever ended the attempt.
                broker?.Dispose();
                ledger?.Dispose();
                if (e is SqsException notSqs && IsNotAnSqsAnswer(notSqs)) ThrowTerminatingError(NotAnSqsEndpoint(endpoint, notSqs));
                if (e is SqsException sqs)
                    ThrowTerminatingError(new ErrorRecord(sqs, sqs.ErrorCode, ErrorRecords.CategoryOf(sqs.ErrorCode), connection.Description));
                throw;
            }
            var kind = connection.IsAws ? BackendKind.Aws : BackendKind.Endpoint;
            var description = connection.Description + (terraform != null ? ", Terraform's environments" : "");
            return DemoRun.CreateRemote(kind, description, broker!, ledger!, Seed, terraform?.Environments);
        }

        /// <summary>
        /// LEDGER_RETENTION_DAYS (how long the ledger's status and result rows live), read before anything connects so a
        /// wrong value stops here under its own id rather than as an argument error from deep in the ledger.
        /// </summary>
        private LedgerRetention ReadLedgerRetention()
        {
            try
            {
                return LedgerRetention.FromEnvironment();
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidLedgerRetention, ErrorCategory.InvalidArgument, LedgerRetention.Variable, e.Message,
                    "Set " + LedgerRetention.Variable + " to a whole number of days (0 for no expiry), or remove it for the default."));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>IAM's refusal as SQS reports it: the query protocol's code, or the JSON protocol's shape name.</summary>
        private static bool IsAccessDenied(string code) => code == "AccessDenied" || code == "AccessDeniedException";

        /// <summary>Runs a resolution step, turning its failure into a terminating error with the engine's stable id.</summary>
        private T Guard<T>(Func<T> step, object? target)
        {
            try
            {
                return step();
            }
            catch (Exception e) when (e is AwsConnectionException || e is TerraformOutputException)
            {
                ThrowTerminatingError(ErrorRecords.From(e, target));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }
    }
}
