import { CfnCondition, CfnOutput, CfnParameter, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface WatchOptions {
  readonly threshold?: number;
  readonly comparison?: cloudwatch.ComparisonOperator;
}

/** The AlarmTopic and its e-mail subscription; `watch` adds an alarm to it. */
export class Alarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: { projectName: string }) {
    super(scope, id);
    const stack = Stack.of(this);

    const email = new CfnParameter(stack, 'AlarmEmail', {
      type: 'String',
      default: '',
      allowedPattern: '^$|^[^@\\s]+@[^@\\s]+$',
      description: 'E-mail address that receives the alarms (empty for none)',
    });
    const hasEmail = new CfnCondition(stack, 'HasAlarmEmail', {
      expression: Fn.conditionNot(Fn.conditionEquals(email.valueAsString, '')),
    });

    // CloudWatch cannot publish to a topic under the AWS managed key.
    const key = new kms.Key(this, 'AlarmKey', {
      description: `Encrypts the alarm topic of ${props.projectName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', { masterKey: key });
    const subscription = new sns.Subscription(this, 'AlarmEmailSubscription', {
      topic: this.topic,
      protocol: sns.SubscriptionProtocol.EMAIL,
      endpoint: email.valueAsString,
    });
    (subscription.node.defaultChild as sns.CfnSubscription).cfnOptions.condition = hasEmail;

    new CfnOutput(stack, 'AlarmTopicArn', {
      description: 'SNS topic that receives every alarm; subscribe on-call tools to it',
      value: this.topic.topicArn,
    });
  }

  /** An alarm on one period of five minutes, sent to the topic and back. */
  watch(
    scope: Construct,
    id: string,
    metric: cloudwatch.Metric,
    description: string,
    options: WatchOptions = {},
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmDescription: description,
      metric: metric.with({ period: Duration.minutes(5) }),
      threshold: options.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator:
        options.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    return alarm;
  }
}
