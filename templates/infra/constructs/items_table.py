"""The items table, kept when the stack is deleted."""

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from infra.constructs.tables import encrypted_table


class ItemsTable(Construct):
    """The table the API serves, with a stream of both images when asked."""

    def __init__(self, scope: Construct, construct_id: str, *, stream: bool):
        super().__init__(scope, construct_id)
        self.table = encrypted_table(
            self,
            "ItemsTable",
            removal_policy=cdk.RemovalPolicy.RETAIN,
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES if stream else None,
        )
        cdk.CfnOutput(
            cdk.Stack.of(self),
            "ItemsTableName",
            description="Name of the items table",
            value=self.table.table_name,
        )
