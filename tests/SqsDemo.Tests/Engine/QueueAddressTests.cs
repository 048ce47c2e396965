using SqsDemo.Engine.Environments;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>What a queue URL says on its own, on every backend's URL shape.</summary>
    public sealed class QueueAddressTests
    {
        [Theory]
        [InlineData("http://sqs.us-east-1.abc123.embedded.sqsdemo/000000000000/orders", "orders", false, "orders")]
        [InlineData("http://sqs.us-east-1.abc123.embedded.sqsdemo/000000000000/orders.fifo", "orders.fifo", true, "orders")]
        [InlineData("https://sqs.eu-west-1.amazonaws.com/123456789012/sqsdemo-1a2b3c-pay.fifo", "sqsdemo-1a2b3c-pay.fifo", true, "sqsdemo-1a2b3c-pay")]
        [InlineData("http://localhost:5000/000000000000/fifo-not", "fifo-not", false, "fifo-not")]
        public void A_url_gives_the_queue_name_its_fifo_ness_and_its_environment(string url, string name, bool fifo, string environment)
        {
            Assert.Equal(name, QueueAddress.NameOf(url));
            Assert.Equal(fifo, QueueAddress.IsFifo(url));
            Assert.Equal(environment, QueueAddress.EnvironmentNameOf(url));
            Assert.Equal(name, QueueAddress.QueueNameFor(environment, fifo));
        }

        [Fact]
        public void No_url_has_no_name() => Assert.Null(QueueAddress.NameOrNull(null));
    }
}
