"""Reading templates: short intrinsic tags, line numbers, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.check.intrinsics import as_number, as_text, mentioned_ids, ref_target
from scaffold.check.loader import parse_template
from scaffold.errors import InputUnreadable

SHORT_TAGS = """\
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition IsProd, !Condition NotProd]]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      Nested: !GetAtt Stack.Outputs.Value
      Name: !Sub ${AWS::StackName}-fn
      Zone: !Select [0, !GetAZs ""]
      Parts: !Split [",", !ImportValue shared-list]
      Joined: !Join ["", [a, !Ref B]]
      Mapped: !FindInMap [Sizes, !Ref Stage, Memory]
      Encoded: !Base64 hello
      Blocks: !Cidr [10.0.0.0/16, 4, 8]
      Maybe: !If [IsProd, 512, !Ref AWS::NoValue]
      Later: !Transformed value
"""


def _properties() -> dict:
    data = parse_template(Path("t.yaml"), "t.yaml", SHORT_TAGS)
    return data["Resources"]["Fn"]["Properties"]


def test_getatt_splits_at_the_first_dot() -> None:
    props = _properties()

    assert props["Role"] == {"Fn::GetAtt": ["Role", "Arn"]}
    assert props["Nested"] == {"Fn::GetAtt": ["Stack", "Outputs.Value"]}


def test_short_tags_become_their_long_form() -> None:
    props = _properties()

    assert props["Name"] == {"Fn::Sub": "${AWS::StackName}-fn"}
    assert props["Zone"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    assert props["Parts"] == {"Fn::Split": [",", {"Fn::ImportValue": "shared-list"}]}
    assert props["Mapped"] == {"Fn::FindInMap": ["Sizes", {"Ref": "Stage"}, "Memory"]}
    assert props["Encoded"] == {"Fn::Base64": "hello"}
    assert props["Blocks"] == {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}
    assert props["Maybe"] == {"Fn::If": ["IsProd", 512, {"Ref": "AWS::NoValue"}]}


def test_condition_tags_nest() -> None:
    data = parse_template(Path("t.yaml"), "t.yaml", SHORT_TAGS)

    assert data["Conditions"]["Both"] == {
        "Fn::And": [
            {"Condition": "IsProd"},
            {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "NotProd"}]},
        ]
    }


def test_an_unknown_tag_is_kept_rather_than_refused() -> None:
    assert _properties()["Later"] == {"Fn::Transformed": "value"}


def test_mappings_remember_the_line_of_each_key() -> None:
    data = parse_template(Path("t.yaml"), "t.yaml", SHORT_TAGS)
    props = data["Resources"]["Fn"]["Properties"]

    assert props.lines["Role"] == 9
    assert data["Resources"].lines["Fn"] == 6


def test_broken_yaml_names_file_and_line() -> None:
    text = "Resources:\n  Fn:\n    Type: [unclosed\n"

    with pytest.raises(InputUnreadable, match=r"^template\.yaml:\d+: not valid YAML"):
        parse_template(Path("template.yaml"), "template.yaml", text)


def test_broken_json_names_file_and_line() -> None:
    text = '{\n  "Resources": {\n    "Fn": ,\n  }\n}\n'

    with pytest.raises(InputUnreadable, match=r"^template\.json:3: not valid JSON"):
        parse_template(Path("template.json"), "template.json", text)


def test_a_yaml_mapping_key_that_is_a_list_is_refused() -> None:
    with pytest.raises(InputUnreadable, match=r"^t\.yaml:1: "):
        parse_template(Path("t.yaml"), "t.yaml", "? [a, b]\n: c\n")


def test_sub_and_join_read_as_the_same_text() -> None:
    sub = {"Fn::Sub": "/aws/lambda/${Fn}"}
    join = {"Fn::Join": ["", ["/aws/lambda/", {"Ref": "Fn"}]]}

    assert as_text(sub) == as_text(join) == "/aws/lambda/${Fn}"


def test_sub_with_variables_substitutes_them() -> None:
    value = {"Fn::Sub": ["arn:${P}:s3:::${Name}/*", {"Name": {"Ref": "Bucket"}}]}

    assert as_text(value) == "arn:${P}:s3:::${Bucket}/*"


def test_mentioned_ids_reach_into_sub_strings_and_skip_pseudo_parameters() -> None:
    value = [
        {"Fn::Sub": "${Bucket.Arn}/*"},
        {"Fn::GetAtt": ["Queue", "Arn"]},
        {"Fn::If": ["C", {"Ref": "Topic"}, {"Ref": "AWS::NoValue"}]},
    ]

    assert mentioned_ids(value) == {"Bucket", "Queue", "Topic"}


def test_ref_target_follows_sam_alias_references() -> None:
    assert ref_target({"Ref": "Fn.Alias"}) == "Fn"


def test_numbers_come_from_parameter_defaults() -> None:
    parameters = {"Timeout": {"Type": "Number", "Default": "30"}}

    assert as_number({"Ref": "Timeout"}, parameters) == 30
    assert as_number({"Ref": "Missing"}, parameters) is None
