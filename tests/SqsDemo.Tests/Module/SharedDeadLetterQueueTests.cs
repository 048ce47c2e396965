using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>New-DemoEnvironment -DeadLetterQueueUrl: several environments redriving to one DLQ, which stays with its owner.</summary>
    public sealed class SharedDeadLetterQueueTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public SharedDeadLetterQueueTests(ModuleSession session) => _session = session;

        private string[] QueueNames(string prefix) =>
            _session.Run($"(Get-DemoBackend).Broker.ListQueuesAsync('{prefix}', [Threading.CancellationToken]::None).GetAwaiter().GetResult()").NoErrors()
                .Output.Select(o => o.ToString()!.Substring(o.ToString()!.LastIndexOf('/') + 1)).OrderBy(n => n).ToArray();

        [Fact]
        public void Poison_from_two_environments_reaches_the_one_DLQ_which_stays_until_its_owner_is_removed()
        {
            var created = _session.Run(@"
$owner = New-DemoEnvironment -Name shdlq-owner
$orders = New-DemoEnvironment -Name shdlq-orders -VisibilityTimeout 2 -MaxReceiveCount 1 -ReceiveWaitTime 1 -DeadLetterQueueUrl $owner.DeadLetterQueueUrl
$payments = New-DemoEnvironment -Name shdlq-payments -VisibilityTimeout 2 -MaxReceiveCount 1 -ReceiveWaitTime 1 -DeadLetterQueueUrl $owner.DeadLetterQueueUrl
$owner, $orders, $payments").NoErrors().Objects<DemoEnvironment>().ToArray();
            var (owner, orders, payments) = (created[0], created[1], created[2]);
            Assert.True(owner.OwnsDeadLetterQueue);
            Assert.All(new[] { orders, payments }, shared =>
            {
                Assert.False(shared.OwnsDeadLetterQueue);
                Assert.Equal(owner.DeadLetterQueueUrl, shared.DeadLetterQueueUrl);
                Assert.Equal(owner.DeadLetterQueueArn, shared.DeadLetterQueueArn);
            });
            // No DLQ of their own was created.
            Assert.Equal(new[] { "shdlq-orders", "shdlq-owner", "shdlq-owner-dlq", "shdlq-payments" }, QueueNames("shdlq-"));

            var sent = _session.Run(@"
@($orders | Send-DemoMessage -Count 3 -PoisonCount 1) + @($payments | Send-DemoMessage -Count 3 -PoisonCount 2)
$orders | Start-DemoConsumer -ConsumerId orders-consumer -IdleTimeoutSeconds 10 | Out-Null
$payments | Start-DemoConsumer -ConsumerId payments-consumer -IdleTimeoutSeconds 10 | Out-Null").NoErrors().Objects<SentMessage>().ToArray();
            var poisonOf = sent.Where(m => m.Poison).ToLookup(m => m.QueueUrl, m => m.BodyId);
            Assert.Equal(3, poisonOf.SelectMany(g => g).Count());

            // Each environment's accounting finds exactly its own poison in the shared DLQ, and nothing lost.
            foreach (var (variable, environment) in new[] { ("$orders", orders), ("$payments", payments) })
            {
                var accounting = _session.Run(variable + " | Get-DemoAccounting").NoErrors().Single<MessageAccounting>();
                Assert.Equal(poisonOf[environment.QueueUrl].OrderBy(id => id), accounting.DeadLetterIds);
                Assert.Equal(0, accounting.Unaccounted);
            }
            var deadLettered = _session.Run("$owner | Receive-DemoMessage -DeadLetter -All").NoErrors().Objects<InspectedMessage>().ToArray();
            Assert.Equal(new[] { orders.QueueArn, payments.QueueArn, payments.QueueArn }, deadLettered.Select(m => m.DeadLetterQueueSourceArn).OrderBy(a => a));

            // Removing the two that share it leaves the DLQ, with its messages, to its owner ...
            var removed = _session.Run("$orders, $payments | Remove-DemoEnvironment -Force");
            removed.NoErrors();
            Assert.Empty(removed.Warnings);
            Assert.Equal(new[] { "shdlq-owner", "shdlq-owner-dlq" }, QueueNames("shdlq-"));
            var dlq = _session.Run("Get-DemoQueue -QueueUrl $owner.DeadLetterQueueUrl").NoErrors().Single<QueueStatistics>();
            Assert.Equal(3, dlq.Visible + dlq.InFlight); // in flight: the look above received them

            // ... and removing the owner deletes it.
            _session.Run("$owner | Remove-DemoEnvironment -Force").NoErrors();
            Assert.Empty(QueueNames("shdlq-"));
        }

        [Fact]
        public void Removing_the_owner_while_another_environment_still_redrives_to_its_DLQ_warns_naming_that_one()
        {
            var run = _session.Run(@"
$first = New-DemoEnvironment -Name shwarn-first
$second = New-DemoEnvironment -Name shwarn-second -DeadLetterQueueUrl $first.DeadLetterQueueUrl
$first | Remove-DemoEnvironment -Force").NoErrors();
            var warning = Assert.Single(run.Warnings);
            Assert.Contains("'shwarn-second'", warning);
            Assert.Equal(new[] { "shwarn-second" }, QueueNames("shwarn-"));
        }

        [Theory]
        [InlineData("", "-Fifo", "is a FIFO queue, but the dead-letter queue", "is a standard queue")]
        [InlineData("-Fifo", "", "is a standard queue, but the dead-letter queue", "is a FIFO queue")]
        public void A_DLQ_of_the_other_type_is_DeadLetterQueueTypeMismatch_and_nothing_is_created(string ownerType, string newType, string says, string andSays)
        {
            var name = "shtype" + (newType.Length > 0 ? "f" : "s");
            var run = _session.Run($"$other = New-DemoEnvironment -Name {name}-other {ownerType}; New-DemoEnvironment -Name {name}-new {newType} -DeadLetterQueueUrl $other.DeadLetterQueueUrl");
            var error = Assert.Single(run.Errors);
            Assert.Equal("DeadLetterQueueTypeMismatch,SqsDemo.Commands.NewDemoEnvironmentCommand", error.FullyQualifiedErrorId);
            Assert.Contains(says, error.Exception.Message);
            Assert.Contains(andSays, error.Exception.Message);
            Assert.Contains($"'{name}-new'", error.Exception.Message);
            Assert.Contains($"{name}-other-dlq", error.Exception.Message);
            Assert.DoesNotContain(run.Objects<DemoEnvironment>(), e => e.Name == name + "-new");
            Assert.Empty(_session.Run($"Get-DemoEnvironment {name}-new").Output);
            Assert.Empty(QueueNames(name + "-new"));
        }

        [Fact]
        public void A_DLQ_that_does_not_exist_is_QueueDoesNotExist_and_nothing_is_created()
        {
            var run = _session.Run("$ghost = New-DemoEnvironment -Name shghost-owner; $ghost | Remove-DemoEnvironment -Force; New-DemoEnvironment -Name shghost-new -DeadLetterQueueUrl $ghost.DeadLetterQueueUrl");
            Assert.Equal("QueueDoesNotExist,SqsDemo.Commands.NewDemoEnvironmentCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
            Assert.Empty(QueueNames("shghost-"));
        }

        [Fact]
        public void An_empty_DeadLetterQueueUrl_is_refused_at_binding()
        {
            var error = _session.RunExpectingTerminatingError("New-DemoEnvironment -Name shempty -DeadLetterQueueUrl ''");
            Assert.Equal("ParameterArgumentValidationError,SqsDemo.Commands.NewDemoEnvironmentCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void Piping_an_environment_into_New_DemoEnvironment_does_not_share_its_DLQ()
        {
            var created = _session.Run("[pscustomobject]@{ Name = 'shpipe'; DeadLetterQueueUrl = 'http://nowhere.invalid/q' } | New-DemoEnvironment").NoErrors().Single<DemoEnvironment>();
            Assert.True(created.OwnsDeadLetterQueue);
            Assert.EndsWith("/shpipe-dlq", created.DeadLetterQueueUrl);
        }
    }
}
