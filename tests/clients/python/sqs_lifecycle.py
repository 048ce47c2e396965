"""An SQS lifecycle through boto3 against an SQS endpoint (AWS_ENDPOINT_URL, dummy credentials from the
environment): create a queue with a redrive policy, send with attributes, receive, change visibility,
delete, a message dead-lettered after maxReceiveCount, and QueueDoesNotExist caught by its boto3 type.
Prints one JSON object with what it saw; exits non-zero when a step does not behave as SQS does."""
import json
import sys

import boto3

BINARY = bytes([0, 1, 2, 127, 128, 255])


def receive(sqs, url, wait=20, **extra):
    answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=wait, **extra)
    messages = answer.get("Messages", [])
    return messages[0] if messages else None


def main(prefix):
    sqs = boto3.client("sqs")
    seen = {}
    dlq = sqs.create_queue(QueueName=prefix + "-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"})
    queue = sqs.create_queue(QueueName=prefix, Attributes={"RedrivePolicy": redrive, "VisibilityTimeout": "30"})["QueueUrl"]
    seen["queue_url"] = queue

    sent = sqs.send_message(
        QueueUrl=queue,
        MessageBody="order-1 \u2713 <xml & json>",
        MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "order"},
            "blob": {"DataType": "Binary", "BinaryValue": BINARY},
            "count": {"DataType": "Number.custom", "StringValue": "42"},
        },
    )
    seen["sent_id"] = sent["MessageId"]
    seen["sent_md5_attributes"] = sent.get("MD5OfMessageAttributes")

    first = receive(sqs, queue, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"])
    assert first is not None, "the sent message was not received"
    assert first["Body"] == "order-1 \u2713 <xml & json>", first["Body"]
    assert first["MessageAttributes"]["blob"]["BinaryValue"] == BINARY, first["MessageAttributes"]["blob"]
    assert first["MessageAttributes"]["count"] == {"DataType": "Number.custom", "StringValue": "42"}, first["MessageAttributes"]["count"]
    assert first["Attributes"]["ApproximateReceiveCount"] == "1", first["Attributes"]
    seen["received_md5_attributes"] = first["MD5OfMessageAttributes"]

    # Visibility 0: the message is back at once, received a second time, then dead-lettered on the third receive.
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout=0)
    second = receive(sqs, queue, MessageSystemAttributeNames=["ApproximateReceiveCount"])
    assert second is not None and second["MessageId"] == sent["MessageId"], second
    seen["second_receive_count"] = second["Attributes"]["ApproximateReceiveCount"]
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=second["ReceiptHandle"], VisibilityTimeout=0)
    assert receive(sqs, queue, wait=1) is None, "a message past maxReceiveCount was delivered again"
    dead = receive(sqs, dlq, MessageSystemAttributeNames=["All"])
    assert dead is not None and dead["MessageId"] == sent["MessageId"], dead
    seen["dead_letter_source"] = dead["Attributes"].get("DeadLetterQueueSourceArn")

    # A second message goes the happy way: received and deleted.
    other = sqs.send_message(QueueUrl=queue, MessageBody="order-2")["MessageId"]
    delivered = receive(sqs, queue)
    assert delivered is not None and delivered["MessageId"] == other, delivered
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=delivered["ReceiptHandle"])
    seen["deleted_id"] = other

    try:
        sqs.get_queue_url(QueueName=prefix + "-missing")
        seen["typed_error"] = None
    except sqs.exceptions.QueueDoesNotExist as error:
        seen["typed_error"] = type(error).__name__
        seen["typed_error_code"] = error.response["Error"]["Code"]

    print(json.dumps(seen))


if __name__ == "__main__":
    main(sys.argv[1])
