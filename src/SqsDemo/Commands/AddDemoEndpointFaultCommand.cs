using System.Management.Automation;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Endpoint.Faults;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Adds a seeded protocol fault to an endpoint: an error instead of an answer, added latency, or a lost response, on the calls it matches.</para>
    /// </summary>
    /// <remarks>
    /// Add, not New: the fault is put on an endpoint that exists (a container, as Add-Member adds to an object), it
    /// acts there from now on, and Remove-DemoEndpointFault takes it off again.
    /// </remarks>
    [Cmdlet(VerbsCommon.Add, "DemoEndpointFault")]
    [OutputType(typeof(EndpointFault))]
    public sealed class AddDemoEndpointFaultCommand : DemoBackendCmdlet
    {
        /// <summary>The operations hit (wildcards allowed: Delete*); every operation when omitted.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.EndpointOperationCompleter))]
        public string[]? Operation { get; set; }

        /// <summary>The callers hit, by access key id, with wildcards (consumer-*); everyone when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Caller { get; set; } = "*";

        /// <summary>sqs or dynamodb: only that service's calls; both when omitted.</summary>
        [Parameter]
        [ValidateSet(EndpointCall.Sqs, EndpointCall.DynamoDb)]
        public string? Service { get; set; }

        /// <summary>The chance, above 0 and up to 1, that a matching call is hit, drawn from the run's seed; 1 when omitted.</summary>
        [Parameter]
        public double Rate { get; set; } = 1;

        /// <summary>The most calls the fault hits; with the default rate of 1, the first N matching calls. No limit when omitted.</summary>
        [Parameter]
        public int? Count { get; set; }

        /// <summary>Answer with this error instead of serving the call: ServiceUnavailable, Throttling or InternalError.</summary>
        [Parameter]
        public EndpointFaultError? Error { get; set; }

        /// <summary>Scenario seconds added to each call hit (on the run's clock: at x10 a tenth of it in wall time).</summary>
        [Parameter]
        public double LatencySeconds { get; set; }

        /// <summary>Serve the call (it takes effect), then drop the connection unanswered; with -LatencySeconds, after that long.</summary>
        [Parameter]
        public SwitchParameter LoseResponse { get; set; }

        /// <summary>The fault's name, unique on its endpoint (fault-N when omitted); its seeded draws derive from it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The endpoint to add the fault to; else the session's endpoint for the backend, started on a free port when there is none.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public DemoEndpoint? Endpoint { get; set; }

        protected override void ProcessRecord()
        {
            var endpoint = Endpoint ?? EndpointOfBackend();
            var rule = new EndpointFaultRule
            {
                Name = Name, Caller = Caller, Service = Service, Rate = Rate, Count = Count, Error = Error,
                LatencySeconds = LatencySeconds, LoseResponse = LoseResponse.IsPresent,
            };
            foreach (var operation in Operation ?? new string[0]) rule.Operations.Add(operation);
            EndpointFault fault;
            try
            {
                fault = endpoint.Faults.Add(rule);
            }
            catch (EndpointFaultException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIdOf(e.Problem), ErrorCategory.InvalidArgument, rule)
                {
                    ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = "See Get-Help Add-DemoEndpointFault -Full for what each parameter takes." },
                });
                return;
            }
            WriteVerbose("Fault " + fault + " on " + endpoint.Url + " (seed " + fault.Seed + ").");
            WriteObject(fault);
        }

        private DemoEndpoint EndpointOfBackend()
        {
            var backend = ActiveBackend;
            if (backend.Kind != BackendKind.Embedded)
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.EndpointNeedsEmbeddedBackend, ErrorCategory.InvalidArgument, backend,
                    "Faults act at SqsDemo's endpoint, which serves an embedded backend; " + backend.Description + " is not one.",
                    "Connect-DemoBackend -Embedded (or give -Backend an embedded one), or -Endpoint an endpoint from Start-DemoEndpoint."));
            return Session.EndpointFor(backend);
        }

        private static string ErrorIdOf(EndpointFaultProblem problem)
        {
            switch (problem)
            {
                case EndpointFaultProblem.NoEffect: return ErrorIds.FaultHasNoEffect;
                case EndpointFaultProblem.ConflictingEffects: return ErrorIds.FaultEffectsConflict;
                case EndpointFaultProblem.RateOutOfRange: return ErrorIds.FaultRateOutOfRange;
                case EndpointFaultProblem.CountOutOfRange: return ErrorIds.FaultCountOutOfRange;
                case EndpointFaultProblem.LatencyOutOfRange: return ErrorIds.FaultLatencyOutOfRange;
                case EndpointFaultProblem.UnknownOperation: return ErrorIds.FaultOperationUnknown;
                case EndpointFaultProblem.UnknownService: return ErrorIds.FaultServiceUnknown;
                default: return ErrorIds.FaultNameTaken;
            }
        }
    }
}
