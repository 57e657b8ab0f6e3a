"""Every rule fires on its bad fixture and stays silent on the good twin.

Each fixture folder `SNxxx[-variant]/` holds `good/`, a project with nothing
wrong, and `bad/`, the same project without the fix that SNxxx asks for.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from check_support import FIXTURES, check, rule_ids

from scaffold.check import ALL_RULES

RULE_FIXTURES = sorted(
    path for path in FIXTURES.iterdir() if re.fullmatch(r"SN\d{3}(-.+)?", path.name)
)
# Taking a fix away can also orphan what it used: a DLQ that nothing names any
# more is a plain queue without a redrive policy, and a suppression that is not
# applied leaves its finding standing.
ALSO_IN_BAD_TWIN = {
    "SN030-direct-invoke": {"SN033"},
    "SN030-eventbridge": {"SN033"},
    "SN030-invoke-config": {"SN033"},
    "SN030-invoke-config-only": {"SN033"},
    "SN030-native-rule": {"SN033"},
    "SN030-s3": {"SN033"},
    "SN030-schedule": {"SN033"},
    "SN030-sns": {"SN033"},
    "SN090-comment": {"SN010"},
    "SN090-metadata": {"SN021"},
}


def _rule_of(fixture: Path) -> str:
    return fixture.name.split("-", 1)[0]


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda path: path.name)
def test_rule_fires_on_the_bad_twin(fixture: Path) -> None:
    assert _rule_of(fixture) in rule_ids(check(fixture / "bad"))


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda path: path.name)
def test_good_twin_has_no_findings(fixture: Path) -> None:
    assert rule_ids(check(fixture / "good")) == []


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda path: path.name)
def test_bad_twin_breaks_no_other_rule(fixture: Path) -> None:
    expected = {_rule_of(fixture)} | ALSO_IN_BAD_TWIN.get(fixture.name, set())
    assert set(rule_ids(check(fixture / "bad"))) == expected


def test_every_rule_has_a_fixture() -> None:
    covered = {_rule_of(fixture) for fixture in RULE_FIXTURES}
    assert {rule.id for rule in ALL_RULES} <= covered


def test_rule_ids_are_unique_and_numbered() -> None:
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"SN\d{3}", rule_id) for rule_id in ids)
