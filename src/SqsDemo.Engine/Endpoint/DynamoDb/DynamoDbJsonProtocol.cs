using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Tables;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// DynamoDB's JSON 1.0 protocol at the endpoint (<c>X-Amz-Target: DynamoDB_20120810.Op</c>): the wire
    /// JSON read into the SDK's request, handed to the run's item store (the one its own ledger uses),
    /// and the SDK's response or exception written back as DynamoDB writes it.
    /// </summary>
    public sealed class DynamoDbJsonProtocol : IProtocolHandler
    {
        public const string TargetPrefix = "DynamoDB_20120810";

        /// <summary>The service a SigV4 credential scope names for DynamoDB.</summary>
        public const string SigningName = "dynamodb";

        /// <summary>True when <paramref name="target"/> (an X-Amz-Target header) names a DynamoDB operation.</summary>
        public static bool Serves(string? target) => target != null && target.StartsWith(TargetPrefix + ".", StringComparison.Ordinal);

        private readonly ITableStore _store;
        private readonly EventJournal? _journal;
        private readonly WrittenItemKeys _writtenKeys;

        /// <param name="journal">Where each request is recorded under its caller (TableRequest); null records nothing.</param>
        public DynamoDbJsonProtocol(ITableStore store, EventJournal? journal = null)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _journal = journal;
            _writtenKeys = new WrittenItemKeys(store);
        }

        public async Task<EndpointResponse> HandleAsync(EndpointRequest request, string operation, string actor, CancellationToken cancellationToken)
        {
            DynamoDbWireResponse wire;
            AmazonDynamoDBRequest? call = null;
            string? errorCode = null;
            IReadOnlyList<string>? written = null;
            IReadOnlyList<IReadOnlyDictionary<string, string>?>? values = null;
            double? readUnits = null;
            try
            {
                call = DynamoDbJsonRequests.Read(operation, request.Body);
                var askedForNewItem = _journal != null && WrittenItemValues.AskForNewItem(call);
                var response = await DispatchAsync(call, cancellationToken).ConfigureAwait(false);
                if (_journal != null)
                {
                    written = await _writtenKeys.OfAsync(call, cancellationToken).ConfigureAwait(false);
                    values = WrittenItemValues.Of(call, response, askedForNewItem);
                    readUnits = ConsumedReadUnits.Of(call, response);
                }
                wire = DynamoDbJsonResponses.Write(response);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                wire = DynamoDbJsonErrors.From(e);
                errorCode = (e as AmazonServiceException)?.ErrorCode ?? (e as DynamoDbProtocolException)?.ErrorCode ?? "InternalServerError";
            }
            Record(operation, call, actor, errorCode, written, values, readUnits);
            return Answer(wire, request);
        }

        /// <param name="written">The items a successful write touched ("table/key"), for counting each side effect's writes.</param>
        /// <param name="values">What each of them held after the write, in the same order.</param>
        /// <param name="readUnits">What a successful read consumed, for pricing it.</param>
        private void Record(string operation, AmazonDynamoDBRequest? call, string actor, string? errorCode, IReadOnlyList<string>? written,
            IReadOnlyList<IReadOnlyDictionary<string, string>?>? values, double? readUnits)
        {
            if (_journal == null) return;
            var tables = call == null ? null : TablesOf(call);
            _journal.Record(JournalEventKind.TableRequest, actor: actor,
                detail: operation + (tables == null ? "" : " on " + tables) + (errorCode == null ? "" : ": " + errorCode),
                facts: new JournalFacts { Operation = operation, TableName = tables, ErrorCode = errorCode, ItemKeys = written, ItemValues = values, ReadUnits = readUnits });
        }

        /// <summary>The table a request names; for a batch or a transaction, every table it names.</summary>
        private static string? TablesOf(AmazonDynamoDBRequest call)
        {
            IEnumerable<string> names;
            switch (call)
            {
                case BatchWriteItemRequest batch: names = batch.RequestItems?.Keys ?? Enumerable.Empty<string>(); break;
                case BatchGetItemRequest batch: names = batch.RequestItems?.Keys ?? Enumerable.Empty<string>(); break;
                case TransactWriteItemsRequest transaction:
                    names = (transaction.TransactItems ?? new List<TransactWriteItem>()).Select(i =>
                        i.Put?.TableName ?? i.Update?.TableName ?? i.Delete?.TableName ?? i.ConditionCheck?.TableName ?? "");
                    break;
                default:
                    return call.GetType().GetProperty("TableName")?.GetValue(call) as string;
            }
            var distinct = names.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            return distinct.Length == 0 ? null : string.Join(",", distinct);
        }

        /// <summary>An answer for a request refused before it reached the protocol (a body over the limit).</summary>
        public static EndpointResponse Refused(DynamoDbProtocolException error, EndpointRequest request) =>
            Answer(DynamoDbJsonErrors.From(error), request);

        /// <summary><paramref name="error"/> answered as DynamoDB writes it (an injected fault's ServiceUnavailable, throttling, ...).</summary>
        public static EndpointResponse ErrorAnswer(Exception error, EndpointRequest request) =>
            Answer(DynamoDbJsonErrors.From(error), request);

        private static EndpointResponse Answer(DynamoDbWireResponse wire, EndpointRequest request)
        {
            var answer = new EndpointResponse(wire.StatusCode, DynamoDbWireResponse.ContentType, wire.Body);
            answer.Headers["x-amzn-RequestId"] = request.RequestId;
            return answer;
        }

        private Task<AmazonWebServiceResponse> DispatchAsync(AmazonDynamoDBRequest call, CancellationToken ct)
        {
            switch (call)
            {
                case CreateTableRequest r: return Widen(_store.CreateTableAsync(r, ct));
                case DescribeTableRequest r: return Widen(_store.DescribeTableAsync(r, ct));
                case DeleteTableRequest r: return Widen(_store.DeleteTableAsync(r, ct));
                case ListTablesRequest r: return Widen(_store.ListTablesAsync(r, ct));
                case PutItemRequest r: return Widen(_store.PutItemAsync(r, ct));
                case GetItemRequest r: return Widen(_store.GetItemAsync(r, ct));
                case UpdateItemRequest r: return Widen(_store.UpdateItemAsync(r, ct));
                case DeleteItemRequest r: return Widen(_store.DeleteItemAsync(r, ct));
                case QueryRequest r: return Widen(_store.QueryAsync(r, ct));
                case ScanRequest r: return Widen(_store.ScanAsync(r, ct));
                case BatchWriteItemRequest r: return Widen(_store.BatchWriteItemAsync(r, ct));
                case BatchGetItemRequest r: return Widen(_store.BatchGetItemAsync(r, ct));
                case TransactWriteItemsRequest r: return Widen(_store.TransactWriteItemsAsync(r, ct));
                default: throw DynamoDbProtocolException.UnknownOperation(TargetPrefix + "." + call.GetType().Name.Replace("Request", ""));
            }
        }

        private static async Task<AmazonWebServiceResponse> Widen<T>(Task<T> call) where T : AmazonWebServiceResponse => await call.ConfigureAwait(false);
    }
}
