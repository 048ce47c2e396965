using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Endpoint;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>An embedded run behind its endpoint, an AWS SDK DynamoDB client signing as one caller, and one on-demand table with a string hash key.</summary>
    internal sealed class EndpointTableRig : IDisposable
    {
        private EndpointTableRig(DemoRun run, DemoEndpoint endpoint, AmazonDynamoDBClient client)
        {
            Run = run;
            Endpoint = endpoint;
            Client = client;
        }

        public DemoRun Run { get; }
        public DemoEndpoint Endpoint { get; }
        public AmazonDynamoDBClient Client { get; }

        /// <param name="actor">The access key the client signs with: the journal's actor for its calls.</param>
        public static async Task<EndpointTableRig> StartAsync(string actor, string table, string hashKey)
        {
            var run = DemoRun.CreateEmbedded(1, 18);
            var endpoint = DemoEndpoint.Start(run, 0);
            var client = new AmazonDynamoDBClient(new BasicAWSCredentials(actor, "dummy"),
                new AmazonDynamoDBConfig { ServiceURL = endpoint.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = table, BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement(hashKey, KeyType.HASH) },
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition(hashKey, ScalarAttributeType.S) },
            });
            return new EndpointTableRig(run, endpoint, client);
        }

        public void Dispose()
        {
            Client.Dispose();
            Endpoint.Dispose();
        }
    }
}
