import { CfnParameter, Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import * as path from 'path';
import { Alarms } from './alarms';
import { skipChecks } from './checkov';
import { logGroup } from './logs';

const SOURCE = path.join(__dirname, '..', '..', 'src');

/**
 * How Lambda runs a function. Each value says where its failures go instead of
 * a dead-letter queue of its own (checkov CKV_AWS_116).
 */
export enum Invocation {
  SYNC = 'API Gateway waits for the answer; dead-letter queues apply to asynchronous calls only.',
  POLL = "Failed batches go to the event source's dead-letter queue or on-failure destination.",
  ASYNC = 'Failed invocations go to an on-failure destination, which keeps the error as well as the event.',
}

/** What every function of the service shares. */
export interface FunctionSettings {
  readonly serviceName: string;
  readonly runtime: lambda.Runtime;
  readonly architecture: lambda.Architecture;
  readonly tracing: boolean;
  readonly powertools: lambda.ILayerVersion;
  readonly logLevel: CfnParameter;
  readonly logRetentionDays: CfnParameter;
  readonly alarms?: Alarms;
}

export interface ServiceFunctionProps {
  readonly settings: FunctionSettings;
  readonly module: string;
  readonly description: string;
  readonly invocation: Invocation;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  readonly reservedConcurrency?: number;
  readonly onFailure?: sqs.IQueue;
}

/**
 * A function with 256 MB, JSON logs to its own log group, Powertools from its
 * layer, and alarms on errors and throttles.
 *
 * With `onFailure`, an asynchronous call is retried twice within an hour and
 * then sent, with its error, to that queue.
 */
export class ServiceFunction extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { settings, onFailure } = props;
    this.logGroup = logGroup(this, 'LogGroup', settings.logRetentionDays);
    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      code: lambda.Code.fromAsset(SOURCE, { exclude: ['**/__pycache__'] }),
      handler: `handlers.${props.module}.handler`,
      runtime: settings.runtime,
      architecture: settings.architecture,
      memorySize: 256,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: settings.tracing ? lambda.Tracing.ACTIVE : undefined,
      layers: [settings.powertools],
      loggingFormat: lambda.LoggingFormat.JSON,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      logGroup: this.logGroup,
      environment: { POWERTOOLS_SERVICE_NAME: settings.serviceName, ...props.environment },
      reservedConcurrentExecutions: props.reservedConcurrency,
      onFailure: onFailure ? new destinations.SqsDestination(onFailure) : undefined,
      retryAttempts: onFailure ? 2 : undefined,
      maxEventAge: onFailure ? Duration.hours(1) : undefined,
    });
    const resource = this.function.node.defaultChild as lambda.CfnFunction;
    // The level is a parameter, which the typed property cannot hold.
    resource.addPropertyOverride(
      'LoggingConfig.ApplicationLogLevel',
      settings.logLevel.valueAsString,
    );
    skipChecks(resource, skippedChecks(props));

    settings.alarms?.watch(
      this,
      'ErrorsAlarm',
      this.function.metricErrors({ statistic: 'Sum' }),
      `${id}Function failed in the last 5 minutes`,
    );
    settings.alarms?.watch(
      this,
      'ThrottlesAlarm',
      this.function.metricThrottles({ statistic: 'Sum' }),
      `${id}Function was throttled in the last 5 minutes`,
    );
  }
}

function skippedChecks(props: ServiceFunctionProps): Record<string, string> {
  const skipped: Record<string, string> = { CKV_AWS_116: props.invocation };
  if (props.reservedConcurrency === undefined) {
    skipped.CKV_AWS_115 =
      'Concurrency comes from the account pool; reserving some fails deploys on accounts at the default quota.';
  }
  skipped.CKV_AWS_117 =
    'Created with --vpc none; the function calls only AWS APIs, which a VPC would make slower and costlier to reach.';
  skipped.CKV_AWS_173 =
    'Environment variables hold resource names, no secrets; Lambda encrypts them with an AWS managed key.';
  return skipped;
}
