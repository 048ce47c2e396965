using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Environments;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes an environment's queue and dead-letter queue, with every message in them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "DemoEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(DemoEnvironment))]
    public sealed class RemoveDemoEnvironmentCommand : DemoBackendCmdlet
    {
        private const string ObjectSet = "InputObject";
        private const string NameSet = "Name";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        public DemoEnvironment? InputObject { get; set; }

        protected override string? TargetQueueUrl => InputObject?.QueueUrl;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(EnvironmentNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Skips the confirmation prompt.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ObjectSet)
            {
                Remove(InputObject!);
                return;
            }
            foreach (var name in Name)
            {
                var matches = ActiveEnvironments.Where(e => new WildcardPattern(name, WildcardOptions.IgnoreCase).IsMatch(e.Name)).ToArray();
                if (matches.Length == 0)
                {
                    WriteError(ErrorRecords.Create(ErrorIds.EnvironmentNotFound, ErrorCategory.ObjectNotFound, name,
                        $"No environment named '{name}' was created in this session.", "Run Get-DemoEnvironment to list them."));
                    continue;
                }
                foreach (var environment in matches) Remove(environment);
            }
        }

        private void Remove(DemoEnvironment environment)
        {
            if (environment.Provisioned)
            {
                // Terraform owns these queues and tables: deleting them here would leave its state lying.
                WriteError(ErrorRecords.Create(ErrorIds.EnvironmentOwnedByTerraform, ErrorCategory.PermissionDenied, environment,
                    $"Environment '{environment.Name}' uses queues and tables that Terraform created; they are left in place.",
                    "Run `terraform destroy` in terraform/ to remove them."));
                return;
            }
            var action = environment.OwnsDeadLetterQueue
                ? $"Delete queue {environment.QueueUrl} and dead-letter queue {environment.DeadLetterQueueUrl} with all their messages"
                : $"Delete queue {environment.QueueUrl} with all its messages (its dead-letter queue {environment.DeadLetterQueueUrl} is another's, and stays)";
            if (!ShouldProcessUnlessForced(Force, environment.Name, action))
                return;
            // Deleting a DLQ that other environments still redrive to leaves their poison messages nowhere to go.
            var sharers = environment.OwnsDeadLetterQueue
                ? ActiveEnvironments.Where(other => !ReferenceEquals(other, environment) && !other.OwnsDeadLetterQueue
                    && string.Equals(other.DeadLetterQueueUrl, environment.DeadLetterQueueUrl, StringComparison.Ordinal)).Select(other => other.Name).ToArray()
                : Array.Empty<string>();
            if (sharers.Length > 0)
                WriteWarning($"Environment(s) {string.Join(", ", sharers.Select(n => "'" + n + "'"))} still redrive to the dead-letter queue {environment.DeadLetterQueueUrl}, which removing '{environment.Name}' deletes: their redrive policies will name a queue that no longer exists.");
            var backend = ActiveBackend;
            try
            {
                Run(_ => EnvironmentProvisioner.RemoveAsync(backend, environment, StopToken));
                Session.Forget(environment);
                if (PassThru) WriteObject(environment);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Fail(e, environment, terminating: false);
            }
        }
    }
}
