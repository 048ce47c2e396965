using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// The DynamoDB operations the ledger and outside clients need, with the SDK's own request and
    /// response types and IAmazonDynamoDB's signatures: one interface over real DynamoDB
    /// (<see cref="AwsTableStore"/>) and the in-memory store (<see cref="EmbeddedTableStore"/>).
    /// </summary>
    public interface ITableStore
    {
        Task<CreateTableResponse> CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken = default);

        Task<DescribeTableResponse> DescribeTableAsync(DescribeTableRequest request, CancellationToken cancellationToken = default);

        Task<DeleteTableResponse> DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken = default);

        Task<ListTablesResponse> ListTablesAsync(ListTablesRequest request, CancellationToken cancellationToken = default);

        Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken = default);

        Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken = default);

        Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken = default);

        Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken = default);

        Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default);

        Task<ScanResponse> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default);

        Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken = default);

        Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken = default);

        Task<TransactWriteItemsResponse> TransactWriteItemsAsync(TransactWriteItemsRequest request, CancellationToken cancellationToken = default);
    }
}
