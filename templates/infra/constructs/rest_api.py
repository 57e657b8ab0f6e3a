"""The items API as a REST API: CORS, throttling, metrics and access logs on its
v1 stage, and the account's API Gateway logging role."""

import json
from typing import cast

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from constructs import Construct

from infra.constructs.checkov import skip_checks
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
    "method": "$context.httpMethod",
    "path": "$context.resourcePath",
    "status": "$context.status",
    "latency": "$context.responseLatency",
    "integrationError": "$context.integration.error",
}
NO_AUTHORIZER = (
    "The items API has no authorizer yet, as the README says: add one (JWT, IAM "
    "or Lambda) before it holds anything private."
)


class RestItemsApi(Construct):
    """GET, POST and DELETE over the items table, one function per route."""

    def __init__(self, scope: Construct, construct_id: str, props: ItemsApiProps):
        super().__init__(scope, construct_id)
        settings = props.settings
        parameters = stage_parameters(
            self,
            "CorsAllowedOrigin",
            "String",
            "Origin that browsers may call the API from",
        )
        origin = parameters.cors.value_as_string
        access_logs = log_group(self, "ApiAccessLogGroup", settings.log_retention_days)

        # REST APIs write logs through the account's API Gateway role. The role
        # is retained on delete so that other APIs of the account keep logging.
        self.api = apigateway.RestApi(
            self,
            "RestApi",
            rest_api_name=cdk.Fn.sub("${AWS::StackName}-api"),
            description=f"{props.project_name} items API",
            endpoint_types=[apigateway.EndpointType.REGIONAL],
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=cdk.RemovalPolicy.RETAIN,
            deploy_options=apigateway.StageOptions(
                stage_name="v1",
                tracing_enabled=settings.tracing,
                throttling_rate_limit=parameters.rate_limit.value_as_number,
                throttling_burst_limit=parameters.burst_limit.value_as_number,
                metrics_enabled=True,
                access_log_destination=apigateway.LogGroupLogDestination(access_logs),
                access_log_format=apigateway.AccessLogFormat.custom(
                    json.dumps(ACCESS_LOG_FORMAT, separators=(",", ":"))
                ),
            ),
            default_cors_preflight_options=apigateway.CorsOptions(
                allow_origins=[origin],
                allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
                allow_headers=["content-type"],
                max_age=cdk.Duration.minutes(10),
            ),
        )
        # ApiUrl below names the URL as the SAM template does.
        self.api.node.try_remove_child("Endpoint")
        stage_checks = {
            "CKV_AWS_120": "Items change with every write; a cache would serve "
            "stale reads and is billed by the hour.",
        }
        if not settings.tracing:
            stage_checks["CKV_AWS_73"] = (
                "Created without --tracing; X-Ray is billed per trace and slows "
                "cold starts."
            )
        skip_checks(
            cast(apigateway.CfnStage, self.api.deployment_stage.node.default_child),
            stage_checks,
        )

        environment = {"CORS_ALLOW_ORIGIN": origin}
        for route, function in item_functions(self, settings, props.table, environment):
            resource = self.api.root.resource_for_path(route.path)
            method = resource.add_method(
                route.method,
                apigateway.LambdaIntegration(
                    function.function, allow_test_invoke=False
                ),
            )
            skip_checks(
                cast(apigateway.CfnMethod, method.node.default_child),
                {"CKV_AWS_59": NO_AUTHORIZER},
            )

        watch_and_publish(
            self, settings, self.api.metric_server_error(statistic="Sum"), self.api.url
        )
