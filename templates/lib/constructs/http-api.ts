import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { ItemsApiProps, itemFunctions, throttlingParameters, watchAndPublish } from './items-api';
import { logGroup } from './logs';

const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
};

/** The items API as an HTTP API: GET, POST and DELETE over the items table, one
 * function per route, with CORS, throttling and access logs on its stage. */
export class HttpItemsApi extends Construct {
  readonly api: apigatewayv2.HttpApi;

  constructor(scope: Construct, id: string, props: ItemsApiProps) {
    super(scope, id);
    const { settings } = props;
    const stack = Stack.of(this);
    const origins = new CfnParameter(stack, 'CorsAllowedOrigins', {
      type: 'CommaDelimitedList',
      default: 'http://localhost:3000',
      description: 'Origins that browsers may call the API from, comma separated',
    });
    const { rateLimit, burstLimit } = throttlingParameters(stack);

    this.api = new apigatewayv2.HttpApi(this, 'HttpApi', {
      description: `${props.projectName} items API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: origins.valueAsList,
        allowMethods: [
          apigatewayv2.CorsHttpMethod.GET,
          apigatewayv2.CorsHttpMethod.POST,
          apigatewayv2.CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['content-type'],
        maxAge: Duration.minutes(10),
      },
    });
    const accessLogs = logGroup(this, 'ApiAccessLogGroup', settings.logRetentionDays);
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: rateLimit.valueAsNumber, burstLimit: burstLimit.valueAsNumber },
    });
    // Set on the stage resource, as the Python app of this template does.
    (stage.node.defaultChild as apigatewayv2.CfnStage).accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify(ACCESS_LOG_FORMAT),
    };

    for (const [route, handler] of itemFunctions(this, settings, props.table, {})) {
      this.api.addRoutes({
        path: route.path,
        methods: [route.method as apigatewayv2.HttpMethod],
        integration: new integrations.HttpLambdaIntegration(
          `${route.id}Integration`,
          handler.function,
        ),
      });
    }

    watchAndPublish(this, settings, this.api.metricServerError({ statistic: 'Sum' }), stage.url);
  }
}
