using System;
using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>
    /// What a fault is to do before it is added to an endpoint: which calls (operations and caller, with wildcards,
    /// and the service), how often (a seeded rate, at most a count), and what (an error, latency, a lost response).
    /// </summary>
    public sealed class EndpointFaultRule
    {
        /// <summary>The most latency a fault adds, in scenario seconds: SQS's longest wait (a 20 s long poll) many times over.</summary>
        public const double MaxLatencySeconds = 3600;

        /// <summary>The fault's name, unique on its endpoint; null names it fault-N. Its draws are seeded from it.</summary>
        public string? Name { get; set; }

        /// <summary>Operation names with wildcards (DeleteMessage, Delete*, PutItem); empty: every operation.</summary>
        public IList<string> Operations { get; set; } = new List<string>();

        /// <summary>The caller's access key id, with wildcards (consumer-*); * is anyone.</summary>
        public string Caller { get; set; } = "*";

        /// <summary><see cref="EndpointCall.Sqs"/>, <see cref="EndpointCall.DynamoDb"/>, or null for both.</summary>
        public string? Service { get; set; }

        /// <summary>The chance (0..1) that a matching call is hit, drawn from the run's seed; 1 hits every one.</summary>
        public double Rate { get; set; } = 1;

        /// <summary>The most calls the fault hits, after which it is spent; null: no limit. With rate 1, the first N matching calls.</summary>
        public int? Count { get; set; }

        public EndpointFaultError? Error { get; set; }

        /// <summary>Scenario seconds added (the run's clock, so a scaled clock shortens them in wall time).</summary>
        public double LatencySeconds { get; set; }

        /// <summary>Serve the call, let it take effect, then drop the connection unanswered.</summary>
        public bool LoseResponse { get; set; }

        /// <summary>Throws <see cref="EndpointFaultException"/> for a rule that cannot work as meant.</summary>
        public void Validate()
        {
            if (Error == null && LatencySeconds <= 0 && !LoseResponse)
                throw new EndpointFaultException(EndpointFaultProblem.NoEffect, "The fault has no effect: give an error, a latency or a lost response.");
            if (Error != null && LoseResponse)
                throw new EndpointFaultException(EndpointFaultProblem.ConflictingEffects,
                    "A fault answers with an error (the call is not served) or loses the response (the call is served, unanswered), not both.");
            if (double.IsNaN(Rate) || Rate <= 0 || Rate > 1)
                throw new EndpointFaultException(EndpointFaultProblem.RateOutOfRange, "The rate is a probability above 0 and at most 1; it was " + Rate + ".");
            if (Count is int count && count < 1)
                throw new EndpointFaultException(EndpointFaultProblem.CountOutOfRange, "The count is how many calls the fault hits, 1 or more; it was " + count + ".");
            if (double.IsNaN(LatencySeconds) || LatencySeconds < 0 || LatencySeconds > MaxLatencySeconds)
                throw new EndpointFaultException(EndpointFaultProblem.LatencyOutOfRange,
                    "The latency is 0 to " + MaxLatencySeconds + " scenario seconds; it was " + LatencySeconds + ".");
            if (Service != null && Service != EndpointCall.Sqs && Service != EndpointCall.DynamoDb)
                throw new EndpointFaultException(EndpointFaultProblem.UnknownService, "The service is sqs or dynamodb; it was '" + Service + "'.");
            var known = EndpointOperationNames.Of(Service).ToArray();
            foreach (var operation in Operations)
                if (!known.Any(new NamePattern(operation).IsMatch))
                    throw new EndpointFaultException(EndpointFaultProblem.UnknownOperation,
                        "'" + operation + "' names no operation " + (Service == null ? "the endpoint serves" : "of " + Service) + ". They are: " + string.Join(", ", known) + ".");
        }

        internal EndpointFaultRule Clone() => new EndpointFaultRule
        {
            Name = Name, Operations = Operations.ToList(), Caller = string.IsNullOrEmpty(Caller) ? "*" : Caller, Service = Service, Rate = Rate,
            Count = Count, Error = Error, LatencySeconds = LatencySeconds, LoseResponse = LoseResponse,
        };
    }
}
