"""A synthetic 50-function SAM project, for timing `serverless-new check`.

A SAM template with functions behind an API, queues, streams, buckets and
schedules, each with its Python or Node handler, and shared library modules:
the size of project a platform team lints in CI.
"""

from __future__ import annotations

from pathlib import Path

PYTHON_HANDLER = '''"""Handler {index}: validates one record and stores it."""

import json
import os

import boto3
from botocore.exceptions import ClientError

from lib.repository import save
from lib.responses import failure, success

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
QUEUE = boto3.client("sqs")


def parse(body):
    data = json.loads(body or "{{}}")
    if "id" not in data:
        raise ValueError("id is required")
    return data


def handler(event, context):
    try:
        item = parse(event.get("body"))
        save(TABLE, item)
        QUEUE.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody="{index}")
    except ValueError as error:
        return failure(400, str(error))
    except ClientError:
        return failure(502, "storage unavailable")
    return success(item)
'''

NODE_HANDLER = """// Handler {index}: answers one route from the table.
const {{ DynamoDBClient }} = require("@aws-sdk/client-dynamodb");
const {{ DynamoDBDocumentClient, GetCommand }} = require("@aws-sdk/lib-dynamodb");
const {{ json }} = require("./lib/response");

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({{}}));
const ID = /^[a-z0-9-]{{1,64}}$/;

exports.handler = async (event) => {{
  const id = event.pathParameters && event.pathParameters.id;
  if (!ID.test(id || "")) {{
    return json(400, {{ message: "bad id" }});
  }}
  try {{
    const {{ Item }} = await documents.send(
      new GetCommand({{ TableName: process.env.TABLE_NAME, Key: {{ id }} }}),
    );
    return Item ? json(200, Item) : json(404, {{ message: "not found" }});
  }} catch (error) {{
    console.error(JSON.stringify({{ id, error: String(error) }}));
    return json(500, {{ message: "internal error" }});
  }}
}};
"""

LIBRARY = {
    "python/lib/__init__.py": "",
    "python/lib/repository.py": (
        "def save(table, item):\n    table.put_item(Item=item)\n    return item\n"
    ),
    "python/lib/responses.py": (
        "import json\n\n\n"
        "def success(body):\n"
        '    return {"statusCode": 200, "body": json.dumps(body)}\n\n\n'
        "def failure(status, message):\n"
        '    return {"statusCode": status, "body": json.dumps({"message": message})}\n'
    ),
    "node/lib/response.js": (
        "exports.json = (statusCode, body) => ({ statusCode, "
        "body: JSON.stringify(body) });\n"
    ),
}

TEMPLATE_HEAD = """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: Synthetic project for timing serverless-new check

Parameters:
  LogRetentionDays:
    Type: Number
    Default: 30

Globals:
  Function:
    MemorySize: 512
    Timeout: 20
    Architectures:
      - arm64
    Environment:
      Variables:
        TABLE_NAME: !Ref ItemsTable
        QUEUE_URL: !Ref WorkQueue

Resources:
  ItemsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      StreamSpecification:
        StreamViewType: NEW_AND_OLD_IMAGES
  WorkQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 180
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt FailedQueue.Arn
        maxReceiveCount: 3
  FailedQueue:
    Type: AWS::SQS::Queue
  UploadBucket:
    Type: AWS::S3::Bucket
"""

FUNCTION = """  Function{index}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: {code_uri}
      Handler: {handler}
      Runtime: {runtime}
      LoggingConfig:
        LogGroup: !Ref Function{index}Logs
      EventInvokeConfig:
        DestinationConfig:
          OnFailure:
            Type: SQS
            Destination: !GetAtt FailedQueue.Arn
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref ItemsTable
        - SQSSendMessagePolicy:
            QueueName: !GetAtt WorkQueue.QueueName
      Events:
{events}
  Function{index}Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: !Ref LogRetentionDays
"""

EVENTS = [
    """        Api:
          Type: HttpApi
          Properties:
            Path: /items{index}/{{id}}
            Method: GET""",
    """        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt WorkQueue.Arn
            FunctionResponseTypes:
              - ReportBatchItemFailures""",
    """        Changes:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt ItemsTable.StreamArn
            StartingPosition: LATEST
            MaximumRetryAttempts: 3
            BisectBatchOnFunctionError: true
            DestinationConfig:
              OnFailure:
                Destination: !GetAtt FailedQueue.Arn""",
    """        Upload:
          Type: S3
          Properties:
            Bucket: !Ref UploadBucket
            Events: s3:ObjectCreated:*
            Filter:
              S3Key:
                Rules:
                  - Name: prefix
                    Value: in{index}/""",
    """        Nightly:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(0 {hour} * * ? *)""",
]


def write_project(root: Path, functions: int) -> None:
    """A SAM project of `functions` functions, two in three in Python."""
    for name, text in LIBRARY.items():
        _write(root / name, text)
    parts = [TEMPLATE_HEAD]
    for index in range(functions):
        python = index % 3 != 2
        if python:
            _write(
                root / f"python/handlers/h{index}.py",
                PYTHON_HANDLER.format(index=index),
            )
            handler, runtime, code_uri = (
                f"handlers.h{index}.handler",
                "python3.13",
                "python/",
            )
        else:
            _write(root / f"node/h{index}.js", NODE_HANDLER.format(index=index))
            handler, runtime, code_uri = f"h{index}.handler", "nodejs22.x", "node/"
        events = EVENTS[index % len(EVENTS)].format(index=index, hour=index % 24)
        parts.append(
            FUNCTION.format(
                index=index,
                handler=handler,
                runtime=runtime,
                code_uri=code_uri,
                events=events,
            )
        )
    _write(root / "template.yaml", "".join(parts))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
