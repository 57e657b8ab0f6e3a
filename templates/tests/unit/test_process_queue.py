"""The work queue consumer: partial batch failures and exactly-once jobs."""

import json

import boto3
import pytest


@pytest.fixture
def idempotency_table(aws, monkeypatch):
    name = "idempotency"
    boto3.client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    monkeypatch.setenv("IDEMPOTENCY_TABLE_NAME", name)
    return name


@pytest.fixture
def process_queue(idempotency_table, load_handler):
    return load_handler("process_queue")


@pytest.fixture
def jobs_run(process_queue, monkeypatch):
    """The ids of the jobs that really ran, in order."""
    ran = []
    run_job = process_queue.run_job

    def counting_run_job(job):
        ran.append(job["jobId"])
        return run_job(job)

    monkeypatch.setattr(process_queue, "run_job", counting_run_job)
    return ran


def failed_ids(response):
    return [failure["itemIdentifier"] for failure in response["batchItemFailures"]]


def test_a_good_batch_reports_no_failure(
    process_queue, jobs_run, sample_event, context
):
    response = process_queue.handler(sample_event("process_queue"), context)

    assert failed_ids(response) == []
    assert jobs_run == ["job-0001", "job-0002"]


@pytest.mark.parametrize(
    "poison_body",
    ["{not json", '["a", "list"]', '{"kind": "no job id"}'],
)
def test_only_the_poison_message_is_reported(
    process_queue, jobs_run, sample_event, context, poison_body
):
    event = sample_event("process_queue")
    poison = dict(event["Records"][0], messageId="poison-1", body=poison_body)
    event["Records"].insert(1, poison)

    response = process_queue.handler(event, context)

    assert failed_ids(response) == ["poison-1"]
    assert jobs_run == ["job-0001", "job-0002"]


def test_a_message_delivered_twice_runs_its_job_once(
    process_queue, jobs_run, sample_event, context
):
    first = sample_event("process_queue")
    again = sample_event("process_queue")
    for record in again["Records"]:
        record["attributes"]["ApproximateReceiveCount"] = "2"

    process_queue.handler(first, context)
    response = process_queue.handler(again, context)

    assert failed_ids(response) == []
    assert jobs_run == ["job-0001", "job-0002"]


def test_a_job_that_failed_runs_again_on_the_next_delivery(
    process_queue, jobs_run, sample_event, context, monkeypatch
):
    event = sample_event("process_queue")
    first_message = event["Records"][0]["messageId"]
    counting_run_job = process_queue.run_job

    def run_job_failing_the_first(job):
        if job["jobId"] == "job-0001":
            raise RuntimeError("downstream unavailable")
        return counting_run_job(job)

    monkeypatch.setattr(process_queue, "run_job", run_job_failing_the_first)
    assert failed_ids(process_queue.handler(event, context)) == [first_message]

    monkeypatch.setattr(process_queue, "run_job", counting_run_job)
    assert failed_ids(process_queue.handler(event, context)) == []
    assert jobs_run == ["job-0002", "job-0001"]


def test_a_batch_that_fails_entirely_raises_so_lambda_retries_it(
    process_queue, sample_event, context, monkeypatch
):
    def failing_run_job(job):
        raise RuntimeError("downstream unavailable")

    monkeypatch.setattr(process_queue, "run_job", failing_run_job)

    with pytest.raises(Exception, match="All records failed"):
        process_queue.handler(sample_event("process_queue"), context)


def test_a_job_is_parsed_from_its_body():
    from handlers.process_queue import InvalidJob, parse_job

    assert parse_job(json.dumps({"jobId": "j"})) == {"jobId": "j"}
    with pytest.raises(InvalidJob, match="not JSON"):
        parse_job("{")
