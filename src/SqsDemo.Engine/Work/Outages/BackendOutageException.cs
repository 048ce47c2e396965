using System;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Ledger;

namespace SqsDemo.Engine.Work.Outages
{
    /// <summary>The backend stayed unavailable past the consumer's outage budget (MaxOutageSeconds): the consumer faults.</summary>
    public sealed class BackendOutageException : Exception
    {
        public BackendOutageException(string operation, TimeSpan lasted, TimeSpan budget, Exception lastError)
            : base(MessageFor(operation, lasted, budget, lastError), lastError)
        {
            Operation = operation;
            Lasted = lasted;
            ErrorCode = (lastError as SqsException)?.ErrorCode ?? (lastError as LedgerException)?.ErrorCode ?? lastError.GetType().Name;
        }

        /// <summary>The call that failed last.</summary>
        public string Operation { get; }

        /// <summary>How long the backend had been unavailable, from the first failure.</summary>
        public TimeSpan Lasted { get; }

        /// <summary>The last failure's error code (SQS's or DynamoDB's), or its exception type.</summary>
        public string ErrorCode { get; }

        private static string MessageFor(string operation, TimeSpan lasted, TimeSpan budget, Exception lastError) =>
            "the backend was unavailable for " + BackendOutage.Seconds(lasted) + " s, past the outage budget (MaxOutageSeconds " + BackendOutage.Seconds(budget)
            + "); the last failure, on " + operation + ": " + ((lastError as SqsException)?.ErrorCode ?? (lastError as LedgerException)?.ErrorCode ?? lastError.GetType().Name)
            + ": " + lastError.Message + " Start the consumer again once the backend is back, or give a larger -MaxOutageSeconds.";
    }
}
