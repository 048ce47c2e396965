using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;

namespace SqsDemo.Tests.Endpoint.Faults
{
    /// <summary>The AWS SDK for .NET's own clients against a running endpoint, signing as a caller, with the SDK's retries on or off.</summary>
    internal static class FaultClients
    {
        public static AmazonSQSClient Sqs(RunningEndpoint endpoint, string caller, bool retries) =>
            new AmazonSQSClient(new BasicAWSCredentials(caller, "dummy"), new AmazonSQSConfig
            {
                ServiceURL = endpoint.Endpoint.Url, AuthenticationRegion = RunningEndpoint.Region, MaxErrorRetry = retries ? 4 : 0,
            });

        public static AmazonDynamoDBClient DynamoDb(RunningEndpoint endpoint, string caller, bool retries) =>
            new AmazonDynamoDBClient(new BasicAWSCredentials(caller, "dummy"), new AmazonDynamoDBConfig
            {
                ServiceURL = endpoint.Endpoint.Url, AuthenticationRegion = RunningEndpoint.Region, MaxErrorRetry = retries ? 4 : 0,
            });
    }
}
