"""The items API as an HTTP API: CORS, throttling and access logs on its stage."""

import json
from typing import cast

import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2 as apigatewayv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from constructs import Construct

from infra.constructs.items_api import (
    ItemsApiProps,
    item_functions,
    stage_parameters,
    watch_and_publish,
)
from infra.constructs.logs import log_group

ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "requestTime": "$context.requestTime",
    "routeKey": "$context.routeKey",
    "status": "$context.status",
    "latency": "$context.responseLatency",
    "integrationError": "$context.integrationErrorMessage",
}


class HttpItemsApi(Construct):
    """GET, POST and DELETE over the items table, one function per route."""

    def __init__(self, scope: Construct, construct_id: str, props: ItemsApiProps):
        super().__init__(scope, construct_id)
        settings = props.settings
        parameters = stage_parameters(
            self,
            "CorsAllowedOrigins",
            "CommaDelimitedList",
            "Origins that browsers may call the API from, comma separated",
        )

        self.api = apigatewayv2.HttpApi(
            self,
            "HttpApi",
            description=f"{props.project_name} items API",
            create_default_stage=False,
            cors_preflight=apigatewayv2.CorsPreflightOptions(
                allow_origins=parameters.cors.value_as_list,
                allow_methods=[
                    apigatewayv2.CorsHttpMethod.GET,
                    apigatewayv2.CorsHttpMethod.POST,
                    apigatewayv2.CorsHttpMethod.DELETE,
                ],
                allow_headers=["content-type"],
                max_age=cdk.Duration.minutes(10),
            ),
        )
        access_logs = log_group(self, "ApiAccessLogGroup", settings.log_retention_days)
        stage = self.api.add_stage(
            "DefaultStage",
            stage_name="$default",
            auto_deploy=True,
            throttle=apigatewayv2.ThrottleSettings(
                rate_limit=parameters.rate_limit.value_as_number,
                burst_limit=parameters.burst_limit.value_as_number,
            ),
        )
        # Set on the stage resource: the typed setting is an interface, which
        # Python could only fill with a class of its own.
        cast(
            apigatewayv2.CfnStage, stage.node.default_child
        ).access_log_settings = apigatewayv2.CfnStage.AccessLogSettingsProperty(
            destination_arn=access_logs.log_group_arn,
            format=json.dumps(ACCESS_LOG_FORMAT, separators=(",", ":")),
        )

        for route, function in item_functions(self, settings, props.table, {}):
            self.api.add_routes(
                path=route.path,
                methods=[apigatewayv2.HttpMethod(route.method)],
                integration=integrations.HttpLambdaIntegration(
                    f"{route.construct_id}Integration", function.function
                ),
            )

        watch_and_publish(
            self, settings, self.api.metric_server_error(statistic="Sum"), stage.url
        )
