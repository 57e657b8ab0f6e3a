"""The uploads processor: decoded keys, results elsewhere, no self-trigger."""

import json
from urllib.parse import quote_plus

import boto3
import pytest

BUCKET = "uploads-bucket"


@pytest.fixture
def bucket(aws, monkeypatch):
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    monkeypatch.setenv("INPUT_PREFIX", "uploads/")
    monkeypatch.setenv("OUTPUT_PREFIX", "results/")
    return BUCKET


@pytest.fixture
def process_upload(bucket, load_handler):
    return load_handler("process_upload")


def upload_event(sample_event, key):
    """The sample event for an object, with its key URL-encoded as S3 sends it."""
    event = sample_event("process_upload")
    record = event["Records"][0]["s3"]
    record["bucket"]["name"] = BUCKET
    record["object"]["key"] = quote_plus(key, safe="/")
    return event


def put(key, body=b"a,b\n1,2\n"):
    boto3.client("s3").put_object(
        Bucket=BUCKET, Key=key, Body=body, ContentType="text/csv"
    )


def read_result(key):
    answer = boto3.client("s3").get_object(Bucket=BUCKET, Key=key)
    return json.loads(answer["Body"].read())


def all_keys():
    answer = boto3.client("s3").list_objects_v2(Bucket=BUCKET)
    return sorted(entry["Key"] for entry in answer.get("Contents", []))


def test_the_sample_key_is_decoded_before_use(process_upload, sample_event, context):
    put("uploads/monthly report été.csv")
    event = sample_event("process_upload")
    event["Records"][0]["s3"]["bucket"]["name"] = BUCKET

    response = process_upload.handler(event, context)

    assert response == {"written": ["results/monthly report été.csv.json"]}


@pytest.mark.parametrize(
    "key",
    [
        "uploads/plain.csv",
        "uploads/with space.csv",
        "uploads/a+b.csv",
        "uploads/日本.csv",
    ],
)
def test_an_upload_is_described_under_results(
    process_upload, sample_event, context, key
):
    put(key)

    process_upload.handler(upload_event(sample_event, key), context)

    result_key = "results/" + key.removeprefix("uploads/") + ".json"
    assert read_result(result_key) | {"etag": None} == {
        "bucket": BUCKET,
        "key": key,
        "size": 8,
        "contentType": "text/csv",
        "etag": None,
    }


def test_an_object_under_the_output_prefix_is_ignored(
    process_upload, sample_event, context
):
    put("results/earlier.csv.json", b"{}")

    response = process_upload.handler(
        upload_event(sample_event, "results/earlier.csv.json"), context
    )

    assert response == {"written": []}
    assert all_keys() == ["results/earlier.csv.json"]


def test_a_missing_object_raises_so_the_event_is_retried(
    process_upload, sample_event, context
):
    with pytest.raises(Exception, match=r"Not Found|404|NoSuchKey"):
        process_upload.handler(upload_event(sample_event, "uploads/gone.csv"), context)
