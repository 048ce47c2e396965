using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using Xunit;
using SdkCheck = Amazon.SQS.Internal.ValidationResponseHandler;
using SdkAttribute = Amazon.SQS.Model.MessageAttributeValue;

namespace SqsDemo.Tests.Broker
{
    /// <summary>
    /// docs/sqs-rules.md, "Sending" and "Receiving and visibility": MD5OfMessageAttributes in SQS's
    /// encoding (checked against the AWS SDK for .NET's own calculation, which it uses to validate
    /// every response), and the system attributes a receive reports.
    /// </summary>
    public sealed class MessageDigestAndSystemAttributeRulesTests : FifoTestBase
    {
        private static Dictionary<string, MessageAttributeValue> SampleAttributes() => new Dictionary<string, MessageAttributeValue>
        {
            ["zeta"] = new MessageAttributeValue { DataType = "String", StringValue = "last by name, ünïcode" },
            ["count"] = new MessageAttributeValue { DataType = "Number", StringValue = "42" },
            ["blob"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new byte[] { 0, 1, 2, 255 } },
            ["Kind"] = new MessageAttributeValue { DataType = "String.custom", StringValue = "upper case sorts first" },
        };

        /// <summary>What the AWS SDK computes (and checks responses against) for the same attributes.</summary>
        private static string SdkMd5(Dictionary<string, MessageAttributeValue> attributes) =>
            SdkCheck.CalculateMD5(attributes.ToDictionary(a => a.Key, a => new SdkAttribute
            {
                DataType = a.Value.DataType,
                StringValue = a.Value.StringValue,
                BinaryValue = a.Value.BinaryValue == null ? null : new MemoryStream(a.Value.BinaryValue),
            }));

        [Fact]
        public async Task MD5OfMessageAttributes_on_send_batch_and_receive_is_SQSs_encoding_as_the_AWS_SDK_computes_it()
        {
            var url = await CreateQueue("q");
            var attributes = SampleAttributes();
            var expected = SdkMd5(attributes);
            Assert.Equal(32, expected.Length);

            var sent = await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", MessageAttributes = attributes });
            Assert.Equal(expected, sent.MD5OfMessageAttributes);
            var batch = await Broker.SendMessageBatchAsync(url, new[] { new SendMessageBatchRequestEntry { Id = "a", MessageBody = "y", MessageAttributes = attributes } });
            Assert.Equal(expected, Assert.Single(batch.Successful).MD5OfMessageAttributes);
            var received = await Receive(url, 2);
            Assert.Equal(2, received.Count);
            Assert.All(received, m => Assert.Equal(expected, m.MD5OfMessageAttributes));
        }

        [Fact]
        public async Task MD5OfMessageAttributes_is_absent_without_attributes()
        {
            var url = await CreateQueue("q");
            var sent = await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x" });
            Assert.Null(sent.MD5OfMessageAttributes);
            Assert.Null((await ReceiveOne(url)).MD5OfMessageAttributes);
        }

        [Fact]
        public async Task Receive_reports_SenderId_the_account_by_default_or_the_callers_identity()
        {
            var url = await CreateQueue("q");
            await Send(url);
            Assert.Equal("000000000000", (await ReceiveOne(url)).SenderId);

            UseBroker(42, new EmbeddedBrokerOptions { SenderId = "AIDAEXAMPLEUSERID", ReorderWindow = 0, ShortPollSampleRate = 1 });
            url = await CreateQueue("q");
            await Send(url);
            Assert.Equal("AIDAEXAMPLEUSERID", (await ReceiveOne(url)).SenderId);
        }

        [Fact]
        public async Task AWSTraceHeader_sent_as_a_system_attribute_comes_back_on_receive_with_its_digest_on_send()
        {
            var url = await CreateQueue("q");
            const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
            var sent = await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", AwsTraceHeader = trace });
            Assert.Equal(SdkMd5(new Dictionary<string, MessageAttributeValue> { ["AWSTraceHeader"] = new MessageAttributeValue { DataType = "String", StringValue = trace } }),
                sent.MD5OfMessageSystemAttributes);
            Assert.Null(sent.MD5OfMessageAttributes); // a system attribute is not a message attribute
            var message = await ReceiveOne(url);
            Assert.Equal(trace, message.AwsTraceHeader);
            Assert.Empty(message.MessageAttributes);
            await Send(url);
            Assert.Null((await ReceiveOne(url)).AwsTraceHeader);
        }

        [Fact]
        public async Task FIFO_receive_reports_MessageGroupId_MessageDeduplicationId_and_SequenceNumber()
        {
            var url = await CreateFifo(contentBased: false);
            var sent = await SendFifo(url, "pay", group: "customer-7", dedup: "order-1");
            var message = Assert.Single(await ReceiveFifo(url));
            Assert.Equal("customer-7", message.MessageGroupId);
            Assert.Equal("order-1", message.MessageDeduplicationId);
            Assert.Equal(sent.SequenceNumber, message.SequenceNumber);
            Assert.Equal("000000000000", message.SenderId);
        }
    }
}
