using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using SqsDemo.Completers;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Sends messages: bodies you give, or generated work and poison messages.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "DemoMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = GenerateSet)]
    [OutputType(typeof(SentMessage))]
    public sealed class SendDemoMessageCommand : DemoCmdlet
    {
        private const string GenerateSet = "Generate";
        private const string BodySet = "Body";
        private const int ProgressThreshold = 200;
        private const int ProgressActivityId = 0x5d5;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BodySet)]
        [AllowEmptyString]
        public string[] Body { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = GenerateSet)]
        [ValidateRange(0, 10_000_000)]
        public int Count { get; set; } = 1;

        [Parameter(ParameterSetName = GenerateSet)]
        [ValidateRange(0, int.MaxValue)]
        public int PoisonCount { get; set; }

        [Parameter(ParameterSetName = GenerateSet)]
        [ValidateRange(0, int.MaxValue)]
        public int PoisonEvery { get; set; }

        /// <summary>Seed of the generated bodies and poison positions; the run's seed when omitted.</summary>
        [Parameter(ParameterSetName = GenerateSet)]
        public int? Seed { get; set; }

        /// <summary>Messages per scenario second; 0 sends as fast as possible.</summary>
        [Parameter]
        [ValidateRange(0.0, 1_000_000.0)]
        public double Rate { get; set; }

        [Parameter]
        [ValidateRange(1, 10)]
        public int BatchSize { get; set; } = 1;

        [Parameter]
        [ValidateRange(0, 900)]
        public int? DelaySeconds { get; set; }

        protected override void ProcessRecord()
        {
            if (string.IsNullOrEmpty(QueueUrl))
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.QueueNotSpecified, ErrorCategory.InvalidArgument, null,
                    "No queue to send to.", "Pipe an environment from New-DemoEnvironment, or give -QueueUrl."));
                return;
            }
            var options = new ProducerOptions { Rate = Rate, BatchSize = BatchSize, DelaySeconds = DelaySeconds };
            if (ParameterSetName == BodySet)
            {
                options.Bodies = AcceptableBodies();
                if (options.Bodies.Count == 0) return;
            }
            else
            {
                options.Count = Count;
                options.PoisonCount = PoisonCount;
                options.PoisonEvery = PoisonEvery;
                options.Seed = Seed;
                try
                {
                    options.Validate();
                }
                catch (ArgumentException e)
                {
                    ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidProducerOptions, ErrorCategory.InvalidArgument, null));
                }
            }

            var total = options.Bodies?.Count ?? options.Count;
            if (!ShouldProcess(QueueUrl, $"Send {total} message(s)")) return;
            var backend = Backend;
            var producer = new Producer(backend, options);
            var queueUrl = QueueUrl!;
            var progress = new ProgressRecord(ProgressActivityId, "Sending messages", "to " + queueUrl);
            try
            {
                Run(writer => producer.RunAsync(queueUrl,
                    sent => writer.Post(() =>
                    {
                        WriteObject(sent);
                        if (total >= ProgressThreshold && (sent.Index + 1) % 50 == 0)
                        {
                            progress.PercentComplete = (int)(100L * (sent.Index + 1) / total);
                            progress.StatusDescription = $"{sent.Index + 1} of {total} sent to {queueUrl}";
                            WriteProgress(progress);
                        }
                    }),
                    failed => writer.Post(() => WriteError(new ErrorRecord(failed.Error, failed.Error.ErrorCode,
                        ErrorRecords.CategoryOf(failed.Error.ErrorCode), failed.Body))),
                    StopToken));
            }
            catch (SqsException e)
            {
                Fail(e, queueUrl, terminating: true);
            }
            finally
            {
                if (total >= ProgressThreshold)
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                }
            }
        }

        /// <summary>Refuses, one error each, the bodies SQS would refuse for their size or emptiness; the rest go.</summary>
        private List<string> AcceptableBodies()
        {
            var accepted = new List<string>();
            foreach (var body in Body)
            {
                if (string.IsNullOrEmpty(body))
                {
                    WriteError(ErrorRecords.Create(ErrorIds.EmptyMessageBody, ErrorCategory.InvalidArgument, body,
                        "A message body must have at least one character.", "Give a non-empty body."));
                    continue;
                }
                var bytes = Encoding.UTF8.GetByteCount(body);
                if (bytes > SqsLimits.MaxMessageSizeBytes)
                {
                    WriteError(ErrorRecords.Create(ErrorIds.MessageTooLarge, ErrorCategory.LimitsExceeded, body.Substring(0, Math.Min(64, body.Length)) + "...",
                        string.Format(System.Globalization.CultureInfo.InvariantCulture, "The message body is {0:N0} bytes; SQS accepts at most {1:N0} bytes (1 MiB) including message attributes.", bytes, SqsLimits.MaxMessageSizeBytes),
                        "Store large payloads elsewhere (for example S3) and send a reference."));
                    continue;
                }
                accepted.Add(body);
            }
            return accepted;
        }
    }
}
