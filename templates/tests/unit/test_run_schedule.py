"""The scheduled job."""

from datetime import UTC, datetime

import pytest


@pytest.fixture
def run_schedule(load_handler):
    return load_handler("run_schedule")


def test_the_job_runs_for_its_scheduled_time(run_schedule, sample_event, context):
    result = run_schedule.handler(sample_event("run_schedule"), context)

    assert result == {"scheduledTime": "2026-12-03T17:00:00+00:00", "status": "done"}


def test_the_scheduled_time_is_parsed_with_its_zone(run_schedule):
    due = run_schedule.scheduled_time({"scheduledTime": "2026-12-03T17:00:00Z"})

    assert due == datetime(2026, 12, 3, 17, tzinfo=UTC)


@pytest.mark.parametrize("payload", [{}, {"scheduledTime": "yesterday"}])
def test_a_payload_without_a_scheduled_time_raises(run_schedule, context, payload):
    with pytest.raises(run_schedule.InvalidRun):
        run_schedule.handler(payload, context)
