using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Queues": attributes, ranges, defaults, redrive policies, counts.</summary>
    public sealed class QueueAttributeRulesTests : BrokerTestBase
    {
        [Fact]
        public async Task Queue_attributes_have_SQS_defaults_and_GetQueueAttributes_All_returns_them_as_strings()
        {
            var before = Clock.GetUtcNow().ToUnixTimeSeconds();
            var url = await CreateQueue("orders");
            var all = await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.All });
            Assert.Equal("30", all[QueueAttributeName.VisibilityTimeout]);
            Assert.Equal("345600", all[QueueAttributeName.MessageRetentionPeriod]);
            Assert.Equal("0", all[QueueAttributeName.DelaySeconds]);
            Assert.Equal("0", all[QueueAttributeName.ReceiveMessageWaitTimeSeconds]);
            Assert.Equal("1048576", all[QueueAttributeName.MaximumMessageSize]);
            Assert.Equal("0", all[QueueAttributeName.ApproximateNumberOfMessages]);
            Assert.Equal("0", all[QueueAttributeName.ApproximateNumberOfMessagesNotVisible]);
            Assert.Equal("0", all[QueueAttributeName.ApproximateNumberOfMessagesDelayed]);
            Assert.Equal("arn:aws:sqs:us-east-1:000000000000:orders", all[QueueAttributeName.QueueArn]);
            Assert.Equal(before.ToString(CultureInfo.InvariantCulture), all[QueueAttributeName.CreatedTimestamp]);
            Assert.Equal(before.ToString(CultureInfo.InvariantCulture), all[QueueAttributeName.LastModifiedTimestamp]);
            Assert.False(all.ContainsKey(QueueAttributeName.RedrivePolicy));
            Assert.False(all.ContainsKey(QueueAttributeName.FifoQueue));
        }

        [Fact]
        public async Task GetQueueAttributes_returns_only_the_named_attributes()
        {
            var url = await CreateQueue("orders");
            var some = await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.VisibilityTimeout, QueueAttributeName.QueueArn });
            Assert.Equal(new[] { QueueAttributeName.QueueArn, QueueAttributeName.VisibilityTimeout }, some.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        [Theory]
        [InlineData(QueueAttributeName.VisibilityTimeout, "0")]
        [InlineData(QueueAttributeName.VisibilityTimeout, "43200")]
        [InlineData(QueueAttributeName.MessageRetentionPeriod, "60")]
        [InlineData(QueueAttributeName.MessageRetentionPeriod, "1209600")]
        [InlineData(QueueAttributeName.DelaySeconds, "900")]
        [InlineData(QueueAttributeName.ReceiveMessageWaitTimeSeconds, "20")]
        [InlineData(QueueAttributeName.MaximumMessageSize, "1024")]
        [InlineData(QueueAttributeName.MaximumMessageSize, "1048576")]
        public async Task Attribute_values_at_the_ends_of_their_ranges_are_accepted(string attribute, string value)
        {
            var url = await CreateQueue("q", (attribute, value));
            Assert.Equal(value, (await Broker.GetQueueAttributesAsync(url, new[] { attribute }))[attribute]);
        }

        [Theory]
        [InlineData(QueueAttributeName.VisibilityTimeout, "-1")]
        [InlineData(QueueAttributeName.VisibilityTimeout, "43201")]
        [InlineData(QueueAttributeName.VisibilityTimeout, "thirty")]
        [InlineData(QueueAttributeName.MessageRetentionPeriod, "59")]
        [InlineData(QueueAttributeName.MessageRetentionPeriod, "1209601")]
        [InlineData(QueueAttributeName.DelaySeconds, "901")]
        [InlineData(QueueAttributeName.ReceiveMessageWaitTimeSeconds, "21")]
        [InlineData(QueueAttributeName.MaximumMessageSize, "1023")]
        [InlineData(QueueAttributeName.MaximumMessageSize, "1048577")]
        public async Task Attribute_values_outside_their_ranges_fail_InvalidAttributeValue(string attribute, string value)
        {
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => CreateQueue("q", (attribute, value)));
            Assert.Contains(attribute, error.Message);
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => Broker.SetQueueAttributesAsync(url, Attributes((attribute, value))));
        }

        [Theory]
        [InlineData("VisibilityTimeOut")]
        [InlineData("NoSuchAttribute")]
        [InlineData(QueueAttributeName.QueueArn)]
        [InlineData(QueueAttributeName.ApproximateNumberOfMessages)]
        [InlineData(QueueAttributeName.ContentBasedDeduplication)]
        public async Task Unknown_or_read_only_attribute_names_fail_InvalidAttributeName(string attribute)
        {
            await AssertSqsError(SqsErrorCode.InvalidAttributeName, () => CreateQueue("q", (attribute, "1")));
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.InvalidAttributeName, () => Broker.SetQueueAttributesAsync(url, Attributes((attribute, "1"))));
        }

        [Fact]
        public async Task GetQueueAttributes_with_an_unknown_name_fails_InvalidAttributeName()
        {
            var url = await CreateQueue("q");
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeName, () => Broker.GetQueueAttributesAsync(url, new[] { "Bogus" }));
            Assert.Equal("Unknown Attribute Bogus.", error.Message);
        }

        [Fact]
        public async Task SetQueueAttributes_changes_values_and_LastModifiedTimestamp()
        {
            var url = await CreateQueue("q");
            Clock.AdvanceSeconds(100);
            await Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.VisibilityTimeout, "90")));
            var all = await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.All });
            Assert.Equal("90", all[QueueAttributeName.VisibilityTimeout]);
            Assert.Equal(long.Parse(all[QueueAttributeName.CreatedTimestamp], CultureInfo.InvariantCulture) + 100,
                long.Parse(all[QueueAttributeName.LastModifiedTimestamp], CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData(5)]
        [InlineData("5")]
        public async Task RedrivePolicy_takes_maxReceiveCount_as_a_number_or_a_string(object maxReceiveCount)
        {
            var dlq = await CreateQueue("dlq");
            var dlqArn = await Arn(dlq);
            var url = await CreateQueue("q", (QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, maxReceiveCount)));
            var policy = (await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.RedrivePolicy }))[QueueAttributeName.RedrivePolicy];
            Assert.Equal("{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":5}", policy);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1001)]
        [InlineData("many")]
        public async Task RedrivePolicy_maxReceiveCount_outside_1_to_1000_fails_InvalidAttributeValue(object maxReceiveCount)
        {
            var dlqArn = await Arn(await CreateQueue("dlq"));
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => CreateQueue("q", (QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, maxReceiveCount))));
            Assert.Contains("valid values are from 1 to 1000 both inclusive", error.Message);
        }

        [Theory]
        [InlineData("not json")]
        [InlineData("{\"maxReceiveCount\":3}")]
        [InlineData("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:missing\",\"maxReceiveCount\":3}")]
        public async Task RedrivePolicy_must_be_valid_json_naming_an_existing_target(string policy)
        {
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => CreateQueue("q", (QueueAttributeName.RedrivePolicy, policy)));
        }

        [Fact]
        public async Task RedrivePolicy_can_be_removed_with_an_empty_value()
        {
            var dlqArn = await Arn(await CreateQueue("dlq"));
            var url = await CreateQueue("q", (QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, 3)));
            await Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.RedrivePolicy, "")));
            Assert.Empty(await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.RedrivePolicy }));
        }

        [Fact]
        public async Task RedriveAllowPolicy_denyAll_refuses_every_source_queue()
        {
            var dlq = await CreateQueue("dlq", (QueueAttributeName.RedriveAllowPolicy, "{\"redrivePermission\":\"denyAll\"}"));
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => CreateQueue("q", (QueueAttributeName.RedrivePolicy, RedrivePolicy("arn:aws:sqs:us-east-1:000000000000:dlq", 3))));
            Assert.Contains("denyAll", error.Message);
        }

        [Fact]
        public async Task RedriveAllowPolicy_byQueue_admits_only_the_listed_source_queues()
        {
            var allowed = "arn:aws:sqs:us-east-1:000000000000:allowed";
            var dlq = await CreateQueue("dlq", (QueueAttributeName.RedriveAllowPolicy, "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"" + allowed + "\"]}"));
            var dlqArn = await Arn(dlq);
            await CreateQueue("allowed", (QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, 3)));
            var other = await CreateQueue("other");
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => Broker.SetQueueAttributesAsync(other, Attributes((QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, 3)))));
        }

        [Fact]
        public async Task RedriveAllowPolicy_defaults_to_allowAll()
        {
            var dlqArn = await Arn(await CreateQueue("dlq"));
            await CreateQueue("any", (QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, 3)));
            var explicitDlq = await CreateQueue("dlq2", (QueueAttributeName.RedriveAllowPolicy, "{\"redrivePermission\":\"allowAll\"}"));
            await CreateQueue("any2", (QueueAttributeName.RedrivePolicy, RedrivePolicy(await Arn(explicitDlq), 3)));
        }

        [Fact]
        public async Task RedriveAllowPolicy_byQueue_takes_at_most_10_source_queue_arns()
        {
            string Policy(int n) => "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":["
                + string.Join(",", Enumerable.Range(0, n).Select(i => "\"arn:aws:sqs:us-east-1:000000000000:s" + i + "\"")) + "]}";
            await CreateQueue("ten", (QueueAttributeName.RedriveAllowPolicy, Policy(10)));
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => CreateQueue("eleven", (QueueAttributeName.RedriveAllowPolicy, Policy(11))));
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => CreateQueue("none", (QueueAttributeName.RedriveAllowPolicy, Policy(0))));
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => CreateQueue("bad", (QueueAttributeName.RedriveAllowPolicy, "{\"redrivePermission\":\"maybe\"}")));
        }

        [Fact]
        public async Task Approximate_counts_report_visible_in_flight_and_delayed_messages()
        {
            var url = await CreateQueue("q");
            await SendMany(url, 3);
            await Send(url, "later", delaySeconds: 30);
            await Receive(url, 1);
            Assert.Equal(2, await Visible(url));
            Assert.Equal(1, await InFlight(url));
            Assert.Equal(1, await Delayed(url));
        }

        // docs/sqs-rules.md, "Queues": GetQueueAttributes All returns exactly SQS's attributes.
        [Fact]
        public async Task GetQueueAttributes_All_returns_exactly_SQSs_attributes_with_SqsManagedSseEnabled_true()
        {
            var url = await CreateQueue("orders");
            var all = await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.All });
            Assert.Equal(new[]
            {
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible",
                "CreatedTimestamp", "DelaySeconds", "LastModifiedTimestamp", "MaximumMessageSize", "MessageRetentionPeriod",
                "QueueArn", "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled", "VisibilityTimeout",
            }, all.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("true", all[QueueAttributeName.SqsManagedSseEnabled]);

            var fifo = await CreateQueue("orders.fifo", (QueueAttributeName.FifoQueue, "true"));
            var fifoAll = await Broker.GetQueueAttributesAsync(fifo, new[] { QueueAttributeName.All });
            Assert.Equal(all.Keys.Concat(new[] { "ContentBasedDeduplication", "DeduplicationScope", "FifoQueue", "FifoThroughputLimit" }).OrderBy(k => k, StringComparer.Ordinal),
                fifoAll.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        // docs/sqs-rules.md, "Queues": ApproximateAgeOfOldestMessage is a CloudWatch metric, not a queue attribute.
        [Fact]
        public async Task ApproximateAgeOfOldestMessage_is_not_a_queue_attribute_but_the_metric_reports_it()
        {
            var url = await CreateQueue("q");
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeName, () => Broker.GetQueueAttributesAsync(url, new[] { "ApproximateAgeOfOldestMessage" }));
            Assert.Equal("Unknown Attribute ApproximateAgeOfOldestMessage.", error.Message);
            Assert.Equal(0, await Broker.GetApproximateAgeOfOldestMessageAsync(url));
            await Send(url);
            Clock.AdvanceSeconds(42);
            await Send(url);
            Assert.Equal(42, await Broker.GetApproximateAgeOfOldestMessageAsync(url));
        }

        // docs/sqs-rules.md, "Queues": a standard queue does not know FifoQueue; a queue's type cannot change.
        [Fact]
        public async Task Standard_queue_created_with_FifoQueue_false_fails_InvalidAttributeName()
        {
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeName, () => CreateQueue("orders", (QueueAttributeName.FifoQueue, "false")));
            Assert.Equal("Unknown Attribute FifoQueue.", error.Message);
        }

        [Fact]
        public async Task Changing_a_FIFO_queues_type_fails_InvalidAttributeValue_and_FifoQueue_true_is_accepted()
        {
            var url = await CreateQueue("orders.fifo", (QueueAttributeName.FifoQueue, "true"));
            await Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.FifoQueue, "true")));
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.FifoQueue, "false"))));
            Assert.Equal("Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.", error.Message);
        }

        [Theory]
        [InlineData(QueueAttributeName.DeduplicationScope, "queue")]
        [InlineData(QueueAttributeName.FifoThroughputLimit, "perQueue")]
        public async Task FIFO_only_attributes_on_a_standard_queue_say_they_need_FifoQueue_true(string attribute, string value)
        {
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeName, () => CreateQueue("orders", (attribute, value)));
            Assert.Equal("You can specify the " + attribute + " only when FifoQueue is set to true.", error.Message);
            var url = await CreateQueue("plain");
            error = await AssertSqsError(SqsErrorCode.InvalidAttributeName, () => Broker.SetQueueAttributesAsync(url, Attributes((attribute, value))));
            Assert.Equal("You can specify the " + attribute + " only when FifoQueue is set to true.", error.Message);
        }
    }
}
