import { CfnParameter, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { skipChecks } from './checkov';
import { ItemsApiProps, itemFunctions, throttlingParameters, watchAndPublish } from './items-api';
import { logGroup } from './logs';

const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.resourcePath',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationError: '$context.integration.error',
};
const NO_AUTHORIZER =
  'The items API has no authorizer yet, as the README says: add one (JWT, IAM or Lambda) before it holds anything private.';

/** The items API as a REST API: GET, POST and DELETE over the items table, one
 * function per route, with CORS, throttling, metrics and access logs on its v1
 * stage, and the account's API Gateway logging role. */
export class RestItemsApi extends Construct {
  readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, props: ItemsApiProps) {
    super(scope, id);
    const { settings } = props;
    const stack = Stack.of(this);
    const origin = new CfnParameter(stack, 'CorsAllowedOrigin', {
      type: 'String',
      default: 'http://localhost:3000',
      description: 'Origin that browsers may call the API from',
    });
    const { rateLimit, burstLimit } = throttlingParameters(stack);
    const accessLogs = logGroup(this, 'ApiAccessLogGroup', settings.logRetentionDays);

    // REST APIs write logs through the account's API Gateway role. The role is
    // retained on delete so that other APIs of the account keep logging.
    this.api = new apigateway.RestApi(this, 'RestApi', {
      restApiName: Fn.sub('${AWS::StackName}-api'),
      description: `${props.projectName} items API`,
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: 'v1',
        tracingEnabled: settings.tracing,
        throttlingRateLimit: rateLimit.valueAsNumber,
        throttlingBurstLimit: burstLimit.valueAsNumber,
        metricsEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
      defaultCorsPreflightOptions: {
        allowOrigins: [origin.valueAsString],
        allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
        allowHeaders: ['content-type'],
        maxAge: Duration.minutes(10),
      },
    });
    // ApiUrl below names the URL as the SAM template does.
    this.api.node.tryRemoveChild('Endpoint');
    const stageChecks: Record<string, string> = {
      CKV_AWS_120:
        'Items change with every write; a cache would serve stale reads and is billed by the hour.',
    };
    if (!settings.tracing) {
      stageChecks.CKV_AWS_73 =
        'Created without --tracing; X-Ray is billed per trace and slows cold starts.';
    }
    skipChecks(this.api.deploymentStage.node.defaultChild as apigateway.CfnStage, stageChecks);

    const environment = { CORS_ALLOW_ORIGIN: origin.valueAsString };
    for (const [route, handler] of itemFunctions(this, settings, props.table, environment)) {
      const method = this.api.root
        .resourceForPath(route.path)
        .addMethod(
          route.method,
          new apigateway.LambdaIntegration(handler.function, { allowTestInvoke: false }),
        );
      skipChecks(method.node.defaultChild as apigateway.CfnMethod, { CKV_AWS_59: NO_AUTHORIZER });
    }

    watchAndPublish(this, settings, this.api.metricServerError({ statistic: 'Sum' }), this.api.url);
  }
}
