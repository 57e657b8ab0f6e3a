import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { encryptedTable } from './tables';

/** The table the API serves, kept when the stack is deleted, with a stream of
 * both images when asked. */
export class ItemsTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { stream: boolean }) {
    super(scope, id);
    this.table = encryptedTable(this, 'ItemsTable', {
      removalPolicy: RemovalPolicy.RETAIN,
      stream: props.stream ? dynamodb.StreamViewType.NEW_AND_OLD_IMAGES : undefined,
    });
    new CfnOutput(Stack.of(this), 'ItemsTableName', {
      description: 'Name of the items table',
      value: this.table.tableName,
    });
  }
}
