"""One SendMessage through boto3 in the retry mode named by the first argument (legacy or standard) to the queue
URL in the second, with the endpoint and credentials from the environment. Prints one JSON object:
{"sent": the MessageId or null, "retries": the retries botocore made, "code": the error code when it gave up,
"status": its HTTP status}. Exits 0 either way: the caller judges."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def main():
    mode, queue_url = sys.argv[1], sys.argv[2]
    # Four attempts: room for the endpoint's two throttled answers, as each mode's default allows.
    sqs = boto3.client("sqs", config=Config(retries={"mode": mode, "max_attempts": 4}))
    try:
        answer = sqs.send_message(QueueUrl=queue_url, MessageBody='{"id":"throttled-1"}')
        seen = {"sent": answer["MessageId"], "retries": answer["ResponseMetadata"]["RetryAttempts"]}
    except ClientError as error:
        meta = error.response["ResponseMetadata"]
        seen = {"sent": None, "retries": meta.get("RetryAttempts"), "code": error.response["Error"]["Code"], "status": meta["HTTPStatusCode"]}
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
