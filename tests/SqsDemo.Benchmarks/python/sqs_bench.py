"""Message lifecycles per second through boto3 against one SQS endpoint, for the benchmark program's
`-- endpoint` mode: SendMessageBatch of 10, ReceiveMessage of 10 (WaitTimeSeconds 1: answers at once,
the messages are there), DeleteMessageBatch of what came. Warm-up cycles first, then RUNS timed runs of
LIFECYCLES each; prints one JSON line with every run's rate and the median. Only the calls are timed,
not Python's start or boto3's import.

    python3 sqs_bench.py URL LIFECYCLES RUNS WARMUP_CYCLES
"""
import json
import statistics
import sys
import time
import uuid

import boto3

BATCH = 10


def main(url, lifecycles, runs, warmup):
    sqs = boto3.client("sqs", endpoint_url=url, region_name="us-east-1",
                       aws_access_key_id="bench-boto3", aws_secret_access_key="bench")
    queue = sqs.create_queue(QueueName="bench-boto3-" + uuid.uuid4().hex[:8],
                             Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    bodies = ["m%07d-" % i + "x" * 92 for i in range(1000)]
    state = {"next": 0}

    def send():
        entries = []
        for i in range(BATCH):
            entries.append({"Id": "s%d" % i, "MessageBody": bodies[state["next"] % len(bodies)]})
            state["next"] += 1
        answer = sqs.send_message_batch(QueueUrl=queue, Entries=entries)
        if answer.get("Failed"):
            raise RuntimeError("SendMessageBatch failed: %r" % answer["Failed"][0])

    def receive_and_delete():
        messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=BATCH, WaitTimeSeconds=1).get("Messages", [])
        if not messages:
            return 0
        entries = [{"Id": "d%d" % i, "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
        answer = sqs.delete_message_batch(QueueUrl=queue, Entries=entries)
        if answer.get("Failed"):
            raise RuntimeError("DeleteMessageBatch failed: %r" % answer["Failed"][0])
        return len(messages)

    for _ in range(warmup):
        send()
        receive_and_delete()
    rates = []
    for _ in range(runs):
        done = 0
        start = time.perf_counter()
        while done < lifecycles:
            send()
            done += receive_and_delete()
        rates.append(done / (time.perf_counter() - start))
    sqs.delete_queue(QueueUrl=queue)
    print(json.dumps({"lifecycles_per_second": statistics.median(rates), "runs": rates}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
