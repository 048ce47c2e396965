using System.Collections.Generic;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Receives messages to look at them (for example in a DLQ), without processing or deleting them.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Receive, "DemoMessage")]
    [OutputType(typeof(InspectedMessage))]
    public sealed class ReceiveDemoMessageCommand : DemoBackendCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? DeadLetterQueueUrl { get; set; }

        protected override string? TargetQueueUrl => QueueUrl ?? DeadLetterQueueUrl;

        /// <summary>Receive from the environment's dead-letter queue instead of its queue.</summary>
        [Parameter]
        public SwitchParameter DeadLetter { get; set; }

        [Parameter]
        [ValidateRange(1, 10)]
        public int MaxMessages { get; set; } = 10;

        [Parameter]
        [ValidateRange(0, 20)]
        public int WaitTimeSeconds { get; set; }

        /// <summary>How long the received messages stay invisible; the queue's timeout when omitted.</summary>
        [Parameter]
        [ValidateRange(0, 43200)]
        public int? VisibilityTimeout { get; set; }

        /// <summary>Keep receiving until a receive comes back empty.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            var url = DeadLetter ? DeadLetterQueueUrl : QueueUrl;
            if (!RequireQueueUrl(url, DeadLetter ? "No dead-letter queue to receive from." : "No queue to receive from.",
                    "Pipe an environment from New-DemoEnvironment, or give -QueueUrl (or -DeadLetterQueueUrl with -DeadLetter).", terminating: false)) return;
            var broker = ActiveBackend.BrokerFor("user");
            var request = new ReceiveMessageRequest
            {
                QueueUrl = url!,
                MaxNumberOfMessages = MaxMessages,
                WaitTimeSeconds = WaitTimeSeconds,
                VisibilityTimeout = VisibilityTimeout,
            };
            try
            {
                Run(async writer =>
                {
                    IReadOnlyList<Message> messages;
                    do
                    {
                        messages = await broker.ReceiveMessageAsync(request, StopToken).ConfigureAwait(false);
                        foreach (var message in messages)
                        {
                            var inspected = new InspectedMessage(url!, message);
                            writer.Post(() => WriteObject(inspected));
                        }
                    } while (All && messages.Count > 0);
                });
            }
            catch (SqsException e)
            {
                Fail(e, url, terminating: false);
            }
        }
    }
}
