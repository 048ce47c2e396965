using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>The table store over real DynamoDB (or anything that speaks its protocol): each call forwards to the SDK client.</summary>
    public sealed class AwsTableStore : ITableStore
    {
        private readonly IAmazonDynamoDB _client;

        public AwsTableStore(IAmazonDynamoDB client) => _client = client ?? throw new ArgumentNullException(nameof(client));

        public Task<CreateTableResponse> CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken = default) => _client.CreateTableAsync(request, cancellationToken);

        public Task<DescribeTableResponse> DescribeTableAsync(DescribeTableRequest request, CancellationToken cancellationToken = default) => _client.DescribeTableAsync(request, cancellationToken);

        public Task<DeleteTableResponse> DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken = default) => _client.DeleteTableAsync(request, cancellationToken);

        public Task<ListTablesResponse> ListTablesAsync(ListTablesRequest request, CancellationToken cancellationToken = default) => _client.ListTablesAsync(request, cancellationToken);

        public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken = default) => _client.PutItemAsync(request, cancellationToken);

        public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken = default) => _client.GetItemAsync(request, cancellationToken);

        public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken = default) => _client.UpdateItemAsync(request, cancellationToken);

        public Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken = default) => _client.DeleteItemAsync(request, cancellationToken);

        public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default) => _client.QueryAsync(request, cancellationToken);

        public Task<ScanResponse> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default) => _client.ScanAsync(request, cancellationToken);

        public Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken = default) => _client.BatchWriteItemAsync(request, cancellationToken);

        public Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken = default) => _client.BatchGetItemAsync(request, cancellationToken);

        public Task<TransactWriteItemsResponse> TransactWriteItemsAsync(TransactWriteItemsRequest request, CancellationToken cancellationToken = default) => _client.TransactWriteItemsAsync(request, cancellationToken);
    }
}
