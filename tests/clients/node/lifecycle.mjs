// An SQS and DynamoDB lifecycle through the AWS SDK for JavaScript v3 against the endpoint in AWS_ENDPOINT_URL
// (dummy credentials and the region from the environment). SQS: a queue with a redrive policy (maxReceiveCount 1),
// a send with String, Number and Binary attributes, a receive with them, a message dead-lettered on its second
// receive, another received, its visibility changed and deleted, and QueueDoesNotExist caught as the SDK's class.
// DynamoDB: a table, a conditional put refused with ConditionalCheckFailedException (the SDK's class, with the old
// item), a get, an update with ALL_NEW, a query. Prints one JSON object with what it saw (usage: node lifecycle.mjs
// <name>); a step that does not behave as AWS does fails an assertion and exits non-zero.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  SQSClient, CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, ReceiveMessageCommand,
  ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueUrlCommand, QueueDoesNotExist,
} from "@aws-sdk/client-sqs";
import {
  DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand, UpdateItemCommand, QueryCommand,
  DescribeTableCommand, ConditionalCheckFailedException, ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";

const BINARY = Uint8Array.from([0, 1, 2, 127, 128, 255]);
const BODY = "order-1 \u2713 <xml & json>";

// Never the real AWS: without the endpoint the SDK would go there, so its absence is an error of its own.
const endpoint = process.env.AWS_ENDPOINT_URL;
if (!endpoint) throw new Error("AWS_ENDPOINT_URL is not set: give the endpoint's Url (Start-DemoEndpoint prints it).");
const name = process.argv[2] ?? "node-orders";

// MD5OfMessageAttributes as SQS documents it (the JavaScript SDK checks only the body's MD5): per attribute, sorted
// by name, the name, the data type, a transport byte (1 string, 2 binary) and the value, each length-prefixed (4 bytes,
// big-endian) but the transport byte.
function md5OfMessageAttributes(attributes) {
  const hash = createHash("md5");
  const prefixed = (bytes) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const { DataType, StringValue, BinaryValue } = attributes[name];
    prefixed(Buffer.from(name, "utf8"));
    prefixed(Buffer.from(DataType, "utf8"));
    const binary = BinaryValue !== undefined;
    hash.update(Uint8Array.of(binary ? 2 : 1));
    prefixed(binary ? Buffer.from(BinaryValue) : Buffer.from(StringValue, "utf8"));
  }
  return hash.digest("hex");
}

async function receiveOne(sqs, queueUrl, waitSeconds = 20, extra = {}) {
  const answer = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: waitSeconds, ...extra }));
  return answer.Messages?.[0];
}

async function sqsLifecycle(seen) {
  const sqs = new SQSClient({ endpoint });
  const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: name + "-dlq" }))).QueueUrl;
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ["QueueArn"] }))).Attributes.QueueArn;
  const redrive = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: "1" });
  const queue = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { RedrivePolicy: redrive, VisibilityTimeout: "30" } }))).QueueUrl;
  seen.queue_url = queue;

  const attributes = {
    kind: { DataType: "String", StringValue: "order" },
    amount: { DataType: "Number", StringValue: "42.50" },
    blob: { DataType: "Binary", BinaryValue: BINARY },
  };
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: BODY, MessageAttributes: attributes }));
  seen.sent_id = sent.MessageId;
  seen.sent_md5_body = sent.MD5OfMessageBody;
  seen.sent_md5_attributes = sent.MD5OfMessageAttributes;
  seen.expected_md5_attributes = md5OfMessageAttributes(attributes);

  const first = await receiveOne(sqs, queue, 20, { MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"] });
  assert.ok(first, "the sent message was not received");
  assert.equal(first.MessageId, sent.MessageId);
  assert.equal(first.Body, BODY);
  assert.deepEqual(first.MessageAttributes.kind, { DataType: "String", StringValue: "order" });
  assert.deepEqual(first.MessageAttributes.amount, { DataType: "Number", StringValue: "42.50" });
  assert.deepEqual([...first.MessageAttributes.blob.BinaryValue], [...BINARY], "the Binary attribute did not round-trip byte for byte");
  assert.equal(first.Attributes.ApproximateReceiveCount, "1");
  seen.received_md5_body = first.MD5OfBody;
  seen.received_md5_attributes = first.MD5OfMessageAttributes;
  seen.received_attribute_types = Object.fromEntries(Object.entries(first.MessageAttributes).map(([k, v]) => [k, v.DataType]));

  // Visibility 0 lets it go at once; with maxReceiveCount 1 the next receive moves it to the DLQ instead of delivering it.
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 }));
  assert.equal(await receiveOne(sqs, queue, 1), undefined, "a message past maxReceiveCount was delivered again");
  const dead = await receiveOne(sqs, dlq, 20, { MessageSystemAttributeNames: ["All"] });
  assert.ok(dead, "the dead-letter queue stayed empty");
  seen.dead_letter_id = dead.MessageId;
  seen.dead_letter_source = dead.Attributes.DeadLetterQueueSourceArn;

  // A second message the happy way: received, its visibility extended, deleted; then the queue is empty.
  const other = (await sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: "order-2" }))).MessageId;
  const delivered = await receiveOne(sqs, queue);
  assert.equal(delivered?.MessageId, other);
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue, ReceiptHandle: delivered.ReceiptHandle, VisibilityTimeout: 60 }));
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queue, ReceiptHandle: delivered.ReceiptHandle }));
  seen.deleted_id = other;
  const counts = (await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queue, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
  }))).Attributes;
  seen.left_in_queue = Number(counts.ApproximateNumberOfMessages) + Number(counts.ApproximateNumberOfMessagesNotVisible);

  try {
    await sqs.send(new GetQueueUrlCommand({ QueueName: name + "-missing" }));
    seen.typed_error = null;
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist)) throw error;
    seen.typed_error = error.name;
    seen.typed_error_code = error.Code ?? null;
    seen.typed_error_status = error.$metadata?.httpStatusCode;
  }
}

async function dynamoDbLifecycle(seen) {
  const dynamodb = new DynamoDBClient({ endpoint });
  const table = name + "-table";
  const created = await dynamodb.send(new CreateTableCommand({
    TableName: table,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "customer", AttributeType: "S" }, { AttributeName: "seq", AttributeType: "N" }],
    KeySchema: [{ AttributeName: "customer", KeyType: "HASH" }, { AttributeName: "seq", KeyType: "RANGE" }],
  }));
  seen.table_status = created.TableDescription.TableStatus;

  const item = (seq, state) => ({ customer: { S: "c1" }, seq: { N: String(seq) }, state: { S: state } });
  for (const seq of [1, 2, 3]) {
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: item(seq, "placed"), ConditionExpression: "attribute_not_exists(customer)" }));
  }
  try {
    await dynamodb.send(new PutItemCommand({
      TableName: table, Item: item(2, "again"), ConditionExpression: "attribute_not_exists(customer)",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    }));
    seen.conditional_error = null;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    seen.conditional_error = error.name;
    seen.conditional_old_state = error.Item?.state?.S ?? null;
  }

  const got = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { customer: { S: "c1" }, seq: { N: "2" } }, ConsistentRead: true }));
  seen.got_state = got.Item?.state?.S ?? null;

  const updated = await dynamodb.send(new UpdateItemCommand({
    TableName: table, Key: { customer: { S: "c1" }, seq: { N: "1" } },
    UpdateExpression: "SET #s = :paid ADD tries :one",
    ExpressionAttributeNames: { "#s": "state" },
    ExpressionAttributeValues: { ":paid": { S: "paid" }, ":one": { N: "1" } },
    ReturnValues: "ALL_NEW",
  }));
  seen.updated = { state: updated.Attributes.state.S, tries: updated.Attributes.tries.N };

  const queried = await dynamodb.send(new QueryCommand({
    TableName: table,
    KeyConditionExpression: "customer = :c AND seq >= :from",
    ExpressionAttributeValues: { ":c": { S: "c1" }, ":from": { N: "2" } },
    ScanIndexForward: false,
  }));
  seen.queried_seqs = queried.Items.map((i) => i.seq.N);
  seen.table = table;

  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: name + "-no-such-table" }));
    seen.missing_table_error = null;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    seen.missing_table_error = error.name;
  }
}

const seen = {};
await sqsLifecycle(seen);
await dynamoDbLifecycle(seen);
console.log(JSON.stringify(seen));
