"""The safety nets of every generated SAM template, read from template.yaml.

Each test takes one property that DESIGN.md promises and checks it on every
combination of answers, so that a regression in any one of them fails here.
The default run checks a representative set; the slow run checks every
combination of event sources with every API type, and the API matrix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from support import (
    NODE_RUNTIME,
    answers_for,
    api_matrix,
    events_matrix,
    key_of,
    load_template,
    node_projects,
    rendered,
    vpc_projects,
)

ASYNC_SOURCES = {"S3", "SNS", "ScheduleV2"}
REPRESENTATIVE = [
    answers_for(),
    answers_for(api="rest", tracing=True, alarms=False, arch="x86_64"),
    answers_for(api="none"),
    answers_for(events="sqs,dynamodb-stream,s3,sns,eventbridge,schedule"),
    answers_for(
        api="none",
        events="sqs,dynamodb-stream,s3,sns,eventbridge,schedule",
        tracing=True,
        alarms=False,
    ),
    answers_for(api="rest", events="dynamodb-stream,s3"),
    answers_for(
        runtime=NODE_RUNTIME, events="sqs,dynamodb-stream,s3,sns,eventbridge,schedule"
    ),
]
EVERY = [
    *events_matrix(),
    *[answers for answers in api_matrix() if answers["ci"] == "github"],
    *vpc_projects(),
    *node_projects(),
]


def matrix() -> list[Any]:
    """The representative set, then (marked slow) every other combination."""
    fast = {key_of(answers) for answers in REPRESENTATIVE}
    cases = [pytest.param(answers, id=key_of(answers)) for answers in REPRESENTATIVE]
    seen = set(fast)
    for answers in EVERY:
        key = key_of(answers)
        if key not in seen:
            seen.add(key)
            cases.append(pytest.param(answers, id=key, marks=pytest.mark.slow))
    return cases


@pytest.fixture(params=matrix())
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    answers = request.param
    return answers, load_template(rendered(answers))


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] == kind
    }


def functions(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return resources(template, "AWS::Serverless::Function")


def events_of(function: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from function["Properties"].get("Events", {}).values()


def ref(value: Any) -> str:
    """The logical id behind !Ref X or !GetAtt X.Attribute."""
    if "Ref" in value:
        return value["Ref"]
    return value["Fn::GetAtt"][0]


def statements(function: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for policy in function["Properties"].get("Policies", []):
        yield from policy.get("Statement", [])


def dead_letter_queues(template: dict[str, Any]) -> set[str]:
    """Every queue that some failure path writes to."""
    queues = set()
    for queue in resources(template, "AWS::SQS::Queue").values():
        redrive = queue["Properties"].get("RedrivePolicy")
        if redrive:
            queues.add(ref(redrive["deadLetterTargetArn"]))
    for function in functions(template).values():
        invoke_config = function["Properties"].get("EventInvokeConfig")
        if invoke_config:
            queues.add(
                ref(invoke_config["DestinationConfig"]["OnFailure"]["Destination"])
            )
        for event in events_of(function):
            properties = event["Properties"]
            if "DestinationConfig" in properties:
                queues.add(
                    ref(properties["DestinationConfig"]["OnFailure"]["Destination"])
                )
            if "RedrivePolicy" in properties:
                queues.add(ref(properties["RedrivePolicy"]["deadLetterTargetArn"]))
            if "DeadLetterConfig" in properties:
                queues.add(ref(properties["DeadLetterConfig"]["Arn"]))
    for rule in resources(template, "AWS::Events::Rule").values():
        for target in rule["Properties"]["Targets"]:
            queues.add(ref(target["DeadLetterConfig"]["Arn"]))
    return queues


def asynchronous_functions(template: dict[str, Any]) -> set[str]:
    """Functions that Lambda invokes asynchronously: S3, SNS, EventBridge,
    Scheduler, and the task function (no event at all)."""
    targets = {
        ref(target["Arn"])
        for rule in resources(template, "AWS::Events::Rule").values()
        for target in rule["Properties"]["Targets"]
    }
    return {
        name
        for name, function in functions(template).items()
        if name in targets
        or not function["Properties"].get("Events")
        or any(event["Type"] in ASYNC_SOURCES for event in events_of(function))
    }


def test_every_asynchronous_path_ends_in_a_dead_letter_queue(case):
    _, template = case

    for name in asynchronous_functions(template):
        config = functions(template)[name]["Properties"].get("EventInvokeConfig")
        assert config, f"{name} has no on-failure destination"
        assert config["MaximumRetryAttempts"] <= 2
        destination = config["DestinationConfig"]["OnFailure"]
        assert destination["Type"] == "SQS"
        assert ref(destination["Destination"]) in template["Resources"]


def test_sources_that_deliver_asynchronously_have_their_own_dead_letters(case):
    _, template = case

    for function in functions(template).values():
        for event in events_of(function):
            properties = event["Properties"]
            if event["Type"] == "SNS":
                assert "deadLetterTargetArn" in properties["RedrivePolicy"]
            if event["Type"] == "ScheduleV2":
                assert "Arn" in properties["DeadLetterConfig"]
                assert properties["RetryPolicy"]["MaximumRetryAttempts"] <= 3
    for rule in resources(template, "AWS::Events::Rule").values():
        for target in rule["Properties"]["Targets"]:
            assert "Arn" in target["DeadLetterConfig"]
            assert target["RetryPolicy"]["MaximumRetryAttempts"] <= 5
            assert target["RetryPolicy"]["MaximumEventAgeInSeconds"] <= 3600


def test_dead_letter_queues_keep_messages_14_days_encrypted(case):
    _, template = case

    for name in dead_letter_queues(template):
        properties = template["Resources"][name]["Properties"]
        assert properties["MessageRetentionPeriod"] == 1_209_600, name
        assert properties["SqsManagedSseEnabled"] is True, name


def test_queue_sources_report_partial_failures_and_hide_messages_long_enough(case):
    _, template = case

    for function in functions(template).values():
        timeout = function["Properties"].get(
            "Timeout", template["Globals"]["Function"]["Timeout"]
        )
        for event in events_of(function):
            if event["Type"] != "SQS":
                continue
            properties = event["Properties"]
            queue = template["Resources"][ref(properties["Queue"])]["Properties"]
            assert properties["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
            assert queue["VisibilityTimeout"] >= 6 * timeout
            assert queue["RedrivePolicy"]["maxReceiveCount"] == 3


def test_stream_sources_retry_a_bounded_number_of_times(case):
    _, template = case

    for function in functions(template).values():
        for event in events_of(function):
            if event["Type"] != "DynamoDB":
                continue
            properties = event["Properties"]
            assert properties["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
            assert 0 <= properties["MaximumRetryAttempts"] <= 10
            assert properties["BisectBatchOnFunctionError"] is True
            assert properties["MaximumRecordAgeInSeconds"] <= 3600
            assert "Destination" in properties["DestinationConfig"]["OnFailure"]


def test_the_stream_is_the_items_tables_with_both_images(case):
    answers, template = case
    tables = resources(template, "AWS::DynamoDB::Table")

    if "dynamodb-stream" in answers["events"]:
        stream = tables["ItemsTable"]["Properties"]["StreamSpecification"]
        assert stream["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    has_items = answers["api"] != "none" or "dynamodb-stream" in answers["events"]
    assert ("ItemsTable" in tables) == has_items


def test_upload_triggers_watch_the_input_prefix_and_cannot_retrigger(case):
    answers, template = case
    if "s3" not in answers["events"]:
        assert "ProcessUploadFunction" not in template["Resources"]
        return

    function = functions(template)["ProcessUploadFunction"]
    [upload] = [event for event in events_of(function) if event["Type"] == "S3"]
    rules = upload["Properties"]["Filter"]["S3Key"]["Rules"]
    policy = template["Resources"]["ProcessUploadPolicy"]["Properties"]
    writes = [
        statement["Resource"]["Fn::Sub"]
        for statement in policy["PolicyDocument"]["Statement"]
        if statement["Action"] == "s3:PutObject"
    ]

    assert rules == [{"Name": "prefix", "Value": "uploads/"}]
    assert writes == ["${UploadsBucket.Arn}/results/*"]
    assert "ReservedConcurrentExecutions" in function["Properties"]


def test_the_uploads_bucket_is_private_encrypted_and_tls_only(case):
    answers, template = case
    if "s3" not in answers["events"]:
        assert resources(template, "AWS::S3::Bucket") == {}
        return

    bucket = template["Resources"]["UploadsBucket"]["Properties"]
    policy = template["Resources"]["UploadsBucketPolicy"]["Properties"]
    [deny] = policy["PolicyDocument"]["Statement"]

    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": False}}


def test_data_at_rest_is_encrypted(case):
    _, template = case

    for name, table in resources(template, "AWS::DynamoDB::Table").items():
        assert table["Properties"]["SSESpecification"]["SSEEnabled"] is True, name
    for name, topic in resources(template, "AWS::SNS::Topic").items():
        assert topic["Properties"]["KmsMasterKeyId"], name
    for name, queue in resources(template, "AWS::SQS::Queue").items():
        assert queue["Properties"]["SqsManagedSseEnabled"] is True, name


def test_no_policy_grants_wildcard_actions_or_resources(case):
    _, template = case
    documents = [
        {"Statement": list(statements(function))}
        for function in functions(template).values()
    ] + [
        policy["Properties"]["PolicyDocument"]
        for policy in resources(template, "AWS::IAM::Policy").values()
    ]

    for document in documents:
        for statement in document["Statement"]:
            actions = statement["Action"]
            actions = actions if isinstance(actions, list) else [actions]
            assert all(
                action != "*" and not action.endswith(":*") for action in actions
            )
            assert statement["Resource"] != "*"


def test_api_routes_get_only_the_table_action_they_need(case):
    answers, template = case
    apis = resources(template, "AWS::Serverless::Api") | resources(
        template, "AWS::Serverless::HttpApi"
    )
    if answers["api"] == "none":
        assert apis == {}
        assert "ListItemsFunction" not in template["Resources"]
        return
    expected = {
        "ListItemsFunction": "dynamodb:Scan",
        "GetItemFunction": "dynamodb:GetItem",
        "CreateItemFunction": "dynamodb:PutItem",
        "DeleteItemFunction": "dynamodb:DeleteItem",
    }

    for name, action in expected.items():
        [statement] = statements(functions(template)[name])
        assert statement["Action"] == action
        assert ref(statement["Resource"]) == "ItemsTable"


def test_every_function_logs_to_its_own_group_with_retention(case):
    _, template = case

    for name, function in functions(template).items():
        group = function["Properties"]["LoggingConfig"]["LogGroup"]
        properties = template["Resources"][ref(group)]["Properties"]
        assert properties["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name


def test_memory_timeout_runtime_and_architecture_are_set_on_purpose(case):
    answers, template = case
    defaults = template["Globals"]["Function"]

    assert defaults["MemorySize"] >= 256
    assert defaults["Timeout"] > 3
    assert defaults["Runtime"] == answers["runtime"]
    assert defaults["Architectures"] == [answers["arch"]]


def test_only_python_functions_load_the_powertools_layer_of_their_runtime(case):
    answers, template = case
    layers = template["Globals"]["Function"].get("Layers", [])

    if answers["runtime"] == NODE_RUNTIME:
        assert layers == []
    else:
        python = answers["runtime"].replace(".", "")
        [layer] = layers
        assert layer["Fn::Sub"].endswith(
            f"AWSLambdaPowertoolsPythonV3-{python}-{answers['arch']}:27"
        )


def test_tracing_is_on_exactly_when_asked(case):
    answers, template = case
    defaults = template["Globals"]["Function"]

    assert ("Tracing" in defaults) == answers["tracing"]
    for api in resources(template, "AWS::Serverless::Api").values():
        assert api["Properties"].get("TracingEnabled", False) == answers["tracing"]


def test_alarms_cover_every_function_and_dead_letter_queue(case):
    answers, template = case
    alarms = resources(template, "AWS::CloudWatch::Alarm")
    if not answers["alarms"]:
        assert alarms == {}
        assert "AlarmTopic" not in template["Resources"]
        return

    watched = {
        (alarm["Properties"]["MetricName"], ref(dimension["Value"]))
        for alarm in alarms.values()
        for dimension in alarm["Properties"]["Dimensions"]
        if isinstance(dimension["Value"], dict) and "Fn::Sub" not in dimension["Value"]
    }
    for name in functions(template):
        assert ("Errors", name) in watched
        assert ("Throttles", name) in watched
    for queue in dead_letter_queues(template):
        assert ("ApproximateNumberOfMessagesVisible", queue) in watched
    if "dynamodb-stream" in answers["events"]:
        assert ("IteratorAge", "ProcessStreamFunction") in watched
    metric_names = {alarm["Properties"]["MetricName"] for alarm in alarms.values()}
    if answers["api"] != "none":
        assert metric_names & {"5xx", "5XXError"}
    for alarm in alarms.values():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}]


def test_the_alarm_topic_is_encrypted_with_a_key_cloudwatch_may_use(case):
    answers, template = case
    if not answers["alarms"]:
        assert "AlarmKey" not in template["Resources"]
        return

    topic = template["Resources"]["AlarmTopic"]["Properties"]
    key_policy = template["Resources"]["AlarmKey"]["Properties"]["KeyPolicy"]
    principals = [statement["Principal"] for statement in key_policy["Statement"]]

    assert topic["KmsMasterKeyId"] == {"Ref": "AlarmKey"}
    assert {"Service": "cloudwatch.amazonaws.com"} in principals
