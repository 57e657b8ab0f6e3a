"""Checkov skips, each with its reason, kept on the resource they concern."""

import aws_cdk as cdk


def skip_checks(resource: cdk.CfnResource, reasons: dict[str, str]) -> None:
    """Record in the template why each named check does not apply here."""
    resource.add_metadata(
        "checkov",
        {
            "skip": [
                {"id": check, "comment": reason} for check, reason in reasons.items()
            ]
        },
    )
