using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using AmazonSQSException = Amazon.SQS.AmazonSQSException;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// Message move tasks through <see cref="AwsBroker"/>. moto 5.2.1 does not implement
    /// StartMessageMoveTask, ListMessageMoveTasks or CancelMessageMoveTask: it raises
    /// NotImplementedError, which its server answers with HTTP 500 and an HTML "Internal Server
    /// Error" page (no SQS error code). AwsBroker turns that into UnsupportedOperation naming the
    /// operation, so callers can fall back. The embedded broker's behaviour is in
    /// <c>Broker/MessageMoveTaskRulesTests</c>.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class MessageMoveTaskMotoTests
    {
        private readonly MotoServer _moto;

        public MessageMoveTaskMotoTests(MotoServer moto)
        {
            _moto = moto;
        }

        [MotoFact]
        public async Task MessageMoveTask_calls_on_moto_fail_UnsupportedOperation_naming_the_operation()
        {
            using var broker = AwsBroker.ForEndpoint(_moto.Endpoint, MotoServer.Region);
            var suffix = Guid.NewGuid().ToString("N").Substring(0, 12);
            var dlq = await broker.CreateQueueAsync("movetasks-dlq-" + suffix, null);
            var dlqArn = (await broker.GetQueueAttributesAsync(dlq, new[] { QueueAttributeName.QueueArn }))[QueueAttributeName.QueueArn];
            await broker.CreateQueueAsync("movetasks-" + suffix, new Dictionary<string, string>
            {
                [QueueAttributeName.RedrivePolicy] = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":1}",
            });

            var calls = new (string Operation, Func<Task> Call)[]
            {
                ("StartMessageMoveTask", () => broker.StartMessageMoveTaskAsync(dlqArn, null, 10)),
                ("ListMessageMoveTasks", () => broker.ListMessageMoveTasksAsync(dlqArn, 10)),
                ("CancelMessageMoveTask", () => broker.CancelMessageMoveTaskAsync("AQEBhandle")),
            };
            foreach (var (operation, call) in calls)
            {
                var error = await Assert.ThrowsAsync<SqsException>(call);
                Assert.Equal(SqsErrorCode.UnsupportedOperation, error.ErrorCode);
                Assert.Contains(operation, error.Message);
                Assert.Contains(_moto.Endpoint.Authority, error.Message);
                Assert.True(error.SenderFault);
                var answer = Assert.IsAssignableFrom<AmazonSQSException>(error.InnerException);
                Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
            }
        }

        [Theory]
        [InlineData(500, "", true)]           // moto: an HTML error page, no SQS error
        [InlineData(400, "InvalidAction", true)]
        [InlineData(400, "UnknownOperationException", true)]
        [InlineData(500, "InternalError", false)] // SQS's own service fault
        [InlineData(400, "InvalidParameterValue", false)]
        [InlineData(404, "ResourceNotFoundException", false)]
        public void An_endpoint_that_lacks_an_operation_is_told_apart_from_SQS_errors(int status, string code, bool notImplemented)
        {
            var answer = new AmazonSQSException("answer", null, Amazon.Runtime.ErrorType.Unknown, code, "request-1", (HttpStatusCode)status);
            var mapped = Assert.IsType<SqsException>(AwsErrors.Map(answer, "StartMessageMoveTask", new Uri("http://127.0.0.1:5000/"), null, default));
            Assert.Equal(notImplemented, AwsErrors.IsNotImplemented(mapped));
            if (!notImplemented) return;
            var unsupported = AwsErrors.OperationNotImplemented("StartMessageMoveTask", new Uri("http://127.0.0.1:5000/"), mapped);
            Assert.Equal(SqsErrorCode.UnsupportedOperation, unsupported.ErrorCode);
            Assert.Contains("StartMessageMoveTask", unsupported.Message);
            Assert.Contains("127.0.0.1:5000", unsupported.Message);
        }
    }
}
