using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Cost;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Broker;
using SqsDemo.Tests.Engine;
using Xunit;

namespace SqsDemo.Tests.Cost
{
    /// <summary>A real embedded run priced from its journal: the calls it made, counted as AWS bills them.</summary>
    public sealed class JournalCostTests
    {
        private readonly ManualClock _clock = new ManualClock();
        private readonly DemoRun _run;
        private static readonly PriceList Prices = PriceList.Default();

        public JournalCostTests() =>
            _run = DemoRun.CreateEmbedded(_clock, 1, 21, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });

        private IReadOnlyList<CostRow> Rows(bool freeTier = false) => JournalCost.Price(_run.Journal.Snapshot(), Prices, freeTier);

        private static CostRow Row(IEnumerable<CostRow> rows, string operation) => Assert.Single(rows, r => r.Operation == operation);

        [Fact]
        public async Task Ten_single_sends_are_ten_requests_and_a_batch_of_ten_is_one()
        {
            var producer = _run.BrokerFor("producer");
            var url = await producer.CreateQueueAsync("orders", null);
            for (var i = 0; i < 10; i++) await producer.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m" + i });
            await producer.SendMessageBatchAsync(url, Enumerable.Range(0, 10).Select(i => new SendMessageBatchRequestEntry { Id = "e" + i, MessageBody = "b" + i }).ToList());
            var rows = Rows();
            Assert.Equal(10, Row(rows, "SendMessage").Calls);
            Assert.Equal(10, Row(rows, "SendMessage").BilledUnits);
            Assert.Equal(1, Row(rows, "SendMessageBatch").Calls);
            Assert.Equal(1, Row(rows, "SendMessageBatch").BilledUnits);
            Assert.Equal(10 * 0.40m / 1_000_000m, Row(rows, "SendMessage").CostUsd);
            Assert.All(rows, r => Assert.Equal(Prices.Name, r.PriceList));
        }

        [Fact]
        public async Task A_batch_whose_messages_add_up_past_64_KiB_is_billed_per_chunk_and_so_is_its_receive()
        {
            var producer = _run.BrokerFor("producer");
            var consumer = _run.BrokerFor("consumer-1");
            var url = await producer.CreateQueueAsync("orders", null);
            var body = new string('x', 30 * 1024);
            await producer.SendMessageBatchAsync(url, Enumerable.Range(0, 3).Select(i => new SendMessageBatchRequestEntry { Id = "e" + i, MessageBody = body }).ToList());
            var taken = await consumer.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });
            var rows = Rows();
            Assert.Equal(2, Row(rows, "SendMessageBatch").BilledUnits); // 90 KiB: two chunks
            Assert.Equal(taken.Count * 30 * 1024 > 64 * 1024 ? 2 : 1, Row(rows, "ReceiveMessage").BilledUnits);
        }

        [Fact]
        public async Task Empty_receives_are_billed_deletes_in_a_batch_are_one_and_FIFO_has_its_price()
        {
            var producer = _run.BrokerFor("producer");
            var consumer = _run.BrokerFor("consumer-1");
            var url = await producer.CreateQueueAsync("orders.fifo", new Dictionary<string, string> { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "true" });
            for (var i = 0; i < 3; i++) await producer.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m" + i, MessageGroupId = "g" });
            var taken = await consumer.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });
            Assert.Equal(3, taken.Count);
            await consumer.DeleteMessageBatchAsync(url, taken.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = "d" + i, ReceiptHandle = m.ReceiptHandle }).ToList());
            await consumer.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });
            await consumer.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });
            var rows = Rows();
            Assert.Equal(3, Row(rows, "ReceiveMessage").Calls); // one with messages, two empty
            Assert.Equal(1, Row(rows, "DeleteMessageBatch").Calls);
            Assert.All(rows.Where(r => r.Service == "SQS"), r => Assert.Equal("FifoRequest", r.Unit));
            Assert.All(rows.Where(r => r.Service == "SQS"), r => Assert.Equal(0.50m, r.PricePerMillion));
            var byActor = JournalCost.Group(rows, CostGrouping.Actor);
            Assert.Equal(3, Assert.Single(byActor, r => r.Actor == "producer").BilledUnits);
            Assert.Equal(4, Assert.Single(byActor, r => r.Actor == "consumer-1").BilledUnits);
        }

        [Fact]
        public async Task A_visibility_batch_is_one_request_and_each_single_change_is_one()
        {
            var producer = _run.BrokerFor("producer");
            var consumer = _run.BrokerFor("consumer-1");
            var url = await producer.CreateQueueAsync("orders", null);
            await producer.SendMessageBatchAsync(url, Enumerable.Range(0, 4).Select(i => new SendMessageBatchRequestEntry { Id = "e" + i, MessageBody = "b" + i }).ToList());
            var taken = await consumer.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });
            Assert.Equal(4, taken.Count);
            await consumer.ChangeMessageVisibilityBatchAsync(url, taken.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry { Id = "v" + i, ReceiptHandle = m.ReceiptHandle, VisibilityTimeout = 60 }).ToList());
            await consumer.ChangeMessageVisibilityAsync(url, taken[0].ReceiptHandle, 90);
            await consumer.ChangeMessageVisibilityAsync(url, taken[1].ReceiptHandle, 90);
            var rows = Rows();
            Assert.Equal((1L, 1d), (Row(rows, "ChangeMessageVisibilityBatch").Calls, Row(rows, "ChangeMessageVisibilityBatch").BilledUnits));
            Assert.Equal((2L, 2d), (Row(rows, "ChangeMessageVisibility").Calls, Row(rows, "ChangeMessageVisibility").BilledUnits));
        }

        [Fact]
        public async Task The_free_tier_pays_for_the_first_million_requests()
        {
            var producer = _run.BrokerFor("producer");
            var url = await producer.CreateQueueAsync("orders", null);
            await producer.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m" });
            var row = Row(Rows(freeTier: true), "SendMessage");
            Assert.Equal(1, row.FreeUnits);
            Assert.Equal(0m, row.CostUsd);
            var mine = new PriceList("small", "2030-01-01", 1m, 1m, 0, 1m, 1m);
            Assert.Equal(1m / 1_000_000m, JournalCost.Price(_run.Journal.Snapshot(), mine, true).Single(r => r.Operation == "SendMessage").CostUsd);
        }

        [Fact]
        public void DynamoDB_writes_are_priced_from_the_items_the_endpoint_saw_and_a_missing_size_is_said()
        {
            var item = new Dictionary<string, string> { ["pk"] = "order-1", ["body"] = new string('x', 1500) };
            var journal = new JournalScript()
                .At(1, JournalEventKind.TableRequest, actor: "outside-1", facts: new JournalFacts { Operation = "PutItem", TableName = "ledger", ItemKeys = new[] { "ledger/order-1" }, ItemValues = new IReadOnlyDictionary<string, string>?[] { item } })
                .At(2, JournalEventKind.TableRequest, actor: "outside-1", facts: new JournalFacts { Operation = "GetItem", TableName = "ledger" })
                .At(3, JournalEventKind.TableRequest, actor: "outside-1", facts: new JournalFacts { Operation = "DescribeTable", TableName = "ledger" })
                .At(4, JournalEventKind.LedgerStarted, actor: "outside-1")
                .At(5, JournalEventKind.LedgerStarted, actor: "consumer-1");
            var rows = JournalCost.Price(journal.Events, Prices, false);
            var put = Assert.Single(rows, r => r.Operation == "PutItem" && r.Actor == "outside-1");
            Assert.Equal(2, put.BilledUnits); // 2 + 7 + 4 + 1500 bytes: two WRU
            Assert.Null(put.Note);
            Assert.Contains("not in the journal", Assert.Single(rows, r => r.Operation == "GetItem").Note);
            Assert.DoesNotContain(rows, r => r.Operation == "DescribeTable");
            // The endpoint saw outside-1's writes, so its ledger events are not counted twice; consumer-1's are, at the minimum.
            var ledger = Assert.Single(rows, r => r.Actor == "consumer-1");
            Assert.Equal(1, ledger.BilledUnits);
            Assert.Contains("Item size not in the journal", ledger.Note);
        }
    }
}
