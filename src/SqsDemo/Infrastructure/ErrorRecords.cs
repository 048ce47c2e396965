using System;
using System.Management.Automation;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Infrastructure
{
    /// <summary>
    /// Stable error ids. SQS failures keep AWS's error code as their id, so a user who later
    /// meets the real service recognises it; the module's own use the names below.
    /// </summary>
    public static class ErrorIds
    {
        public const string ScenarioNotFound = "ScenarioNotFound";
        public const string ScenarioFileNotFound = "ScenarioFileNotFound";
        public const string ScenarioFailed = "ScenarioFailed";
        /// <summary>Stopping what a scenario left running, or closing its run, failed after the verdict: the result is still written.</summary>
        public const string ScenarioCleanupFailed = "ScenarioCleanupFailed";
        public const string EnvironmentNotFound = "EnvironmentNotFound";
        public const string InvalidEnvironmentName = "InvalidEnvironmentName";
        public const string MessageTooLarge = "MessageTooLarge";
        public const string EmptyMessageBody = "EmptyMessageBody";
        public const string InvalidProducerOptions = "InvalidProducerOptions";
        public const string InvalidConsumerOptions = "InvalidConsumerOptions";
        public const string ConsumerCrashed = "ConsumerCrashed";
        public const string ConsumerFaulted = "ConsumerFaulted";
        /// <summary>The ledger tables a consumer would write do not exist: checked before its first receive, so nothing was taken.</summary>
        public const string LedgerTablesNotFound = "LedgerTablesNotFound";
        public const string QueueNotSpecified = "QueueNotSpecified";
        public const string ResultsTableNotSpecified = "ResultsTableNotSpecified";
        public const string JournalWaitTimedOut = "JournalWaitTimedOut";
        public const string QueueWaitTimedOut = "QueueWaitTimedOut";
        public const string QueueConditionNotSpecified = "QueueConditionNotSpecified";
        public const string ContentBasedDeduplicationNeedsFifo = "ContentBasedDeduplicationNeedsFifo";
        public const string DeadLetterQueueTypeMismatch = "DeadLetterQueueTypeMismatch";
        public const string MessageGroupScriptFailed = "MessageGroupScriptFailed";
        public const string DeduplicationIdScriptFailed = "DeduplicationIdScriptFailed";
        public const string InvalidEndpointUrl = "InvalidEndpointUrl";
        public const string InvalidLedgerRetention = "InvalidLedgerRetention";
        public const string EndpointNotSqs = "EndpointNotSqs";
        public const string ProfileNotFound = Engine.Backends.AwsConnectionException.ProfileNotFound;
        public const string ProfileHasNoCredentials = Engine.Backends.AwsConnectionException.ProfileHasNoCredentials;
        public const string NoCredentials = Engine.Backends.AwsConnectionException.NoCredentials;
        public const string NoRegion = Engine.Backends.AwsConnectionException.NoRegion;
        public const string InvalidRegion = Engine.Backends.AwsConnectionException.InvalidRegion;
        public const string TerraformOutputNotReadable = Engine.Environments.TerraformOutputException.NotReadable;
        public const string TerraformOutputInvalid = Engine.Environments.TerraformOutputException.InvalidShape;
        public const string InvalidAutoscalerOptions = "InvalidAutoscalerOptions";
        public const string AutoscalerTimedOut = "AutoscalerTimedOut";
        public const string RedriveTimedOut = "RedriveTimedOut";
        public const string ProvisionedEnvironmentMismatch = "ProvisionedEnvironmentMismatch";
        public const string EnvironmentOwnedByTerraform = "EnvironmentOwnedByTerraform";
        public const string InvalidDependencyOptions = "InvalidDependencyOptions";
        public const string TimelineFileExists = "TimelineFileExists";
        public const string TimelinePathInvalid = "TimelinePathInvalid";
        public const string TimelineDirectoryNotFound = "TimelineDirectoryNotFound";
        public const string TimelineWriteFailed = "TimelineWriteFailed";
        public const string TimelinePathNotWritable = "TimelinePathNotWritable";
        public const string TimelineJournalEmpty = "TimelineJournalEmpty";
        public const string MultipleTimelineInputs = "MultipleTimelineInputs";
        public const string NonStringMessageBody = "NonStringMessageBody";
        public const string ScenarioNotPowerShellScript = "ScenarioNotPowerShellScript";
        public const string EmbeddedBrokerNotInProcess = "EmbeddedBrokerNotInProcess";
        public const string EndpointPortInUse = "EndpointPortInUse";
        public const string EndpointStartFailed = "EndpointStartFailed";
        public const string EndpointNeedsEmbeddedBackend = "EndpointNeedsEmbeddedBackend";
        public const string InvalidBindAddress = "InvalidBindAddress";
        public const string EndpointTimeScaleWithBackend = "EndpointTimeScaleWithBackend";
        public const string InvalidEndpointCredential = "InvalidEndpointCredential";
        public const string TaskQueueNotFound = "TaskQueueNotFound";
        public const string ConsumerCommandNotStarted = "ConsumerCommandNotStarted";
        public const string OptionNeedsBuiltInConsumer = "OptionNeedsBuiltInConsumer";
        public const string OptionNeedsConsumerCommand = "OptionNeedsConsumerCommand";
        public const string OutsideConsumerNeedsEmbeddedBackend = "OutsideConsumerNeedsEmbeddedBackend";
        public const string ScenarioCannotJudgeConsumer = "ScenarioCannotJudgeConsumer";
        public const string ScenarioProvesUnknownFailureMode = "ScenarioProvesUnknownFailureMode";
        public const string EnvironmentNotReady = "EnvironmentNotReady";
        public const string FaultHasNoEffect = "FaultHasNoEffect";
        public const string FaultEffectsConflict = "FaultEffectsConflict";
        public const string FaultRateOutOfRange = "FaultRateOutOfRange";
        public const string FaultCountOutOfRange = "FaultCountOutOfRange";
        public const string FaultLatencyOutOfRange = "FaultLatencyOutOfRange";
        public const string FaultOperationUnknown = "FaultOperationUnknown";
        public const string FaultServiceUnknown = "FaultServiceUnknown";
        public const string FaultNameTaken = "FaultNameTaken";
        public const string EndpointFaultNotFound = "EndpointFaultNotFound";
        public const string UnknownMetricName = "UnknownMetricName";
        public const string InvalidMetricPeriod = "InvalidMetricPeriod";
        public const string InvalidAlarmDefinition = "InvalidAlarmDefinition";
        public const string AlarmNotFound = "AlarmNotFound";
        public const string InvalidPriceList = "InvalidPriceList";
    }

    public static class ErrorRecords
    {
        /// <summary>A metric name Get-DemoMetric and New-DemoAlarm do not know: the message lists those they do.</summary>
        public static ErrorRecord UnknownMetricName(string name) => Create(ErrorIds.UnknownMetricName, ErrorCategory.InvalidArgument, name,
            "There is no metric '" + name + "'. Metrics: " + string.Join(", ", Engine.Metrics.MetricCatalog.Names) + ".",
            "Give one of the metric names listed (Tab completes them).");

        /// <summary>A period CloudWatch does not offer.</summary>
        public static ErrorRecord InvalidMetricPeriod(int seconds, bool alarm) => Create(ErrorIds.InvalidMetricPeriod, ErrorCategory.InvalidArgument, seconds,
            "A period of " + seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " seconds is not one CloudWatch offers"
            + (alarm ? " an alarm: use 10, 30 or a multiple of 60." : ": use 1, 5, 10, 30 or a multiple of 60."),
            "Give -PeriodSeconds 60 (the default) or another valid period.");

        /// <summary>A -PriceList Get-DemoCost cannot use: not a hashtable or a readable JSON file, or a price missing or wrong.</summary>
        public static ErrorRecord InvalidPriceList(string problem, object? target) => Create(ErrorIds.InvalidPriceList, ErrorCategory.InvalidData, target,
            "The price list cannot be used: " + problem,
            "Give a hashtable or a JSON file with sqsStandardPerMillionRequests, sqsFifoPerMillionRequests, sqsFreeRequestsPerMonth, dynamoDbWritePerMillionUnits and dynamoDbReadPerMillionUnits (non-negative numbers), and optionally name and date.");

        public static ErrorRecord From(Exception exception, object? target)
        {
            switch (exception)
            {
                case SqsException sqs:
                    return new ErrorRecord(sqs, sqs.ErrorCode, CategoryOf(sqs.ErrorCode), target);
                case Engine.Backends.AwsConnectionException connection:
                    return new ErrorRecord(connection, connection.ErrorCode,
                        connection.ErrorCode == ErrorIds.ProfileNotFound ? ErrorCategory.ObjectNotFound
                        : connection.ErrorCode == ErrorIds.NoCredentials || connection.ErrorCode == ErrorIds.ProfileHasNoCredentials ? ErrorCategory.AuthenticationError
                        : ErrorCategory.InvalidArgument, target);
                case Engine.Environments.TerraformOutputException terraform:
                    return new ErrorRecord(terraform, terraform.ErrorCode,
                        terraform.ErrorCode == ErrorIds.TerraformOutputNotReadable ? ErrorCategory.ReadError : ErrorCategory.InvalidData, target);
                case Engine.Environments.ProvisionedEnvironmentMismatchException mismatch:
                    return new ErrorRecord(mismatch, ErrorIds.ProvisionedEnvironmentMismatch, ErrorCategory.InvalidData, target);
                case Engine.Environments.DeadLetterQueueTypeMismatchException mismatch:
                    return new ErrorRecord(mismatch, ErrorIds.DeadLetterQueueTypeMismatch, ErrorCategory.InvalidArgument, target);
                case ArgumentException argument:
                    return new ErrorRecord(argument, "InvalidArgument", ErrorCategory.InvalidArgument, target);
                case OperationCanceledException canceled:
                    return new ErrorRecord(canceled, "OperationStopped", ErrorCategory.OperationStopped, target);
                default:
                    return new ErrorRecord(exception, exception.GetType().Name, ErrorCategory.NotSpecified, target);
            }
        }

        public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message, string? recommendedAction = null)
        {
            var record = new ErrorRecord(new InvalidOperationException(message), errorId, category, target);
            if (recommendedAction != null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
            return record;
        }

        /// <summary>
        /// A queue URL of an embedded broker this process does not hold: another process's (Start-Job, a
        /// remote session) or a run that ended. Its queues exist only in that process's memory.
        /// </summary>
        public static ErrorRecord EmbeddedBrokerNotInProcess(string queueUrl, string brokerId) => Create(
            ErrorIds.EmbeddedBrokerNotInProcess, ErrorCategory.ObjectNotFound, queueUrl,
            $"Queue {queueUrl} lives on embedded broker '{brokerId}', which is not in this PowerShell process: an embedded broker " +
            "keeps its queues in the memory of the process that created it (a Start-Job job or a remote session is another process), " +
            "and a scenario run's broker ends with the run.",
            "Run the work in this process with Start-ThreadJob or ForEach-Object -Parallel (they share the embedded broker), or " +
            "connect every process to one shared backend: Connect-DemoBackend -EndpointUrl <an SQS-compatible endpoint>, or -Region for AWS.");

        public static ErrorCategory CategoryOf(string sqsErrorCode)
        {
            switch (sqsErrorCode)
            {
                case SqsErrorCode.QueueDoesNotExist:
                case SqsErrorCode.ResourceNotFound:
                    return ErrorCategory.ObjectNotFound;
                case SqsErrorCode.QueueAlreadyExists:
                    return ErrorCategory.ResourceExists;
                case SqsErrorCode.QueueDeletedRecently:
                case SqsErrorCode.PurgeQueueInProgress:
                    return ErrorCategory.ResourceBusy;
                case SqsErrorCode.OverLimit:
                case SqsErrorCode.BatchRequestTooLong:
                case SqsErrorCode.TooManyEntriesInBatchRequest:
                    return ErrorCategory.LimitsExceeded;
                case SqsErrorCode.ReceiptHandleIsInvalid:
                case SqsErrorCode.InvalidMessageContents:
                case SqsErrorCode.InvalidParameterValue:
                case SqsErrorCode.InvalidAttributeName:
                case SqsErrorCode.InvalidAttributeValue:
                case SqsErrorCode.MissingParameter:
                case SqsErrorCode.EmptyBatchRequest:
                case SqsErrorCode.BatchEntryIdsNotDistinct:
                case SqsErrorCode.InvalidBatchEntryId:
                    return ErrorCategory.InvalidArgument;
                case SqsErrorCode.UnsupportedOperation:
                    return ErrorCategory.NotImplemented;
                default:
                    return ErrorCategory.NotSpecified;
            }
        }
    }
}
