using System;
using System.Linq;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// New-DemoEnvironment -DeadLetterQueueUrl on a real SQS API (moto, wall clock): the DLQ's ARN and type are read
    /// from the queue through the SDK, the redrive policy names it, and SQS moves both environments' poison into it.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class SharedDeadLetterQueueMotoTests : IDisposable
    {
        private readonly MotoServer _moto;
        private readonly ModuleSession _session = new ModuleSession();

        public SharedDeadLetterQueueMotoTests(MotoServer moto) => _moto = moto;

        public void Dispose() => _session.Dispose();

        [MotoFact]
        public void Two_environments_redrive_to_one_DLQ_which_stays_until_its_owner_is_removed()
        {
            var created = _session.Run($@"
Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' -Seed 5 | Out-Null
$orders = New-DemoEnvironment -Name orders -VisibilityTimeout 1 -MaxReceiveCount 1 -ReceiveWaitTime 1
$payments = New-DemoEnvironment -Name payments -VisibilityTimeout 1 -MaxReceiveCount 1 -ReceiveWaitTime 1 -DeadLetterQueueUrl $orders.DeadLetterQueueUrl
$orders, $payments").NoErrors().Objects<DemoEnvironment>().ToArray();
            var (orders, payments) = (created[0], created[1]);
            Assert.True(orders.OwnsDeadLetterQueue);
            Assert.False(payments.OwnsDeadLetterQueue);
            Assert.Equal(orders.DeadLetterQueueArn, payments.DeadLetterQueueArn);
            using var broker = AwsBroker.ForEndpoint(_moto.Endpoint, MotoServer.Region);
            var policy = broker.GetQueueAttributesAsync(payments.QueueUrl, new[] { QueueAttributeName.RedrivePolicy }).GetAwaiter().GetResult()[QueueAttributeName.RedrivePolicy];
            Assert.Contains(orders.DeadLetterQueueArn, policy);

            var sent = _session.Run(@"
@($orders | Send-DemoMessage -Count 2 -PoisonCount 1) + @($payments | Send-DemoMessage -Count 2 -PoisonCount 1)
$orders | Start-DemoConsumer -IdleTimeoutSeconds 3 | Out-Null
$payments | Start-DemoConsumer -IdleTimeoutSeconds 3 | Out-Null").NoErrors().Objects<SentMessage>().ToArray();
            foreach (var (variable, environment) in new[] { ("$orders", orders), ("$payments", payments) })
            {
                var accounting = _session.Run(variable + " | Get-DemoAccounting").NoErrors().Single<MessageAccounting>();
                Assert.Equal(sent.Where(m => m.Poison && m.QueueUrl == environment.QueueUrl).Select(m => m.BodyId), accounting.DeadLetterIds);
            }

            _session.Run("$payments | Remove-DemoEnvironment -Force").NoErrors();
            var queues = broker.ListQueuesAsync(null).GetAwaiter().GetResult();
            Assert.Contains(orders.DeadLetterQueueUrl, queues);
            Assert.DoesNotContain(payments.QueueUrl, queues);
            _session.Run("$orders | Remove-DemoEnvironment -Force").NoErrors();
            Assert.DoesNotContain(orders.DeadLetterQueueUrl, broker.ListQueuesAsync(null).GetAwaiter().GetResult());
        }

        [MotoFact]
        public void A_DLQ_of_the_other_type_is_DeadLetterQueueTypeMismatch()
        {
            var run = _session.Run($@"
Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' | Out-Null
$standard = New-DemoEnvironment -Name typed-standard
$fifo = New-DemoEnvironment -Name typed-fifo -Fifo
New-DemoEnvironment -Name typed-a -Fifo -DeadLetterQueueUrl $standard.DeadLetterQueueUrl
New-DemoEnvironment -Name typed-b -DeadLetterQueueUrl $fifo.DeadLetterQueueUrl");
            Assert.Equal(new[] { "DeadLetterQueueTypeMismatch", "DeadLetterQueueTypeMismatch" }, run.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.Equal(new[] { "typed-fifo", "typed-standard" },
                _session.Run("Get-DemoEnvironment typed-* | ForEach-Object Name").NoErrors().Output.Select(o => o.ToString()).OrderBy(n => n, StringComparer.Ordinal));
        }
    }
}
