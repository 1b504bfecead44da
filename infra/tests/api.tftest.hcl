# The HTTP API: who may call it, how it reaches the function, and the routes the code serves.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  http_zip_path   = "tests/fixtures/jvm-function.zip"
  events_zip_path = "tests/fixtures/jvm-function.zip"
}

run "iam_authorization_and_the_live_alias_by_default" {
  command = plan

  assert {
    condition     = toset(keys(aws_apigatewayv2_route.this)) == toset(["POST /v1/remix", "POST /v1/remix/jobs", "GET /v1/remix/jobs/{id}", "DELETE /v1/remix/jobs/{id}", "GET /openapi", "POST /v1/fal/proxy", "GET /v1/fal/proxy", "PUT /v1/fal/proxy"])
    error_message = "routes: ${jsonencode(keys(aws_apigatewayv2_route.this))}"
  }
  # API Gateway's own IAM (SigV4) check unless told otherwise: every call costs fal money.
  assert {
    condition     = alltrue([for r in aws_apigatewayv2_route.this : r.authorization_type == "AWS_IAM" && r.authorizer_id == null && r.target == "integrations/${aws_apigatewayv2_integration.http[0].id}"])
    error_message = "routes: ${jsonencode({ for k, r in aws_apigatewayv2_route.this : k => [r.authorization_type, r.authorizer_id, r.target] })}"
  }
  assert {
    condition     = length(aws_apigatewayv2_authorizer.jwt) == 0 && length(aws_apigatewayv2_api.this[0].cors_configuration) == 0
    error_message = "no authorizer and no CORS by default"
  }
  # The integration calls the alias, the published version the permission below is scoped to.
  assert {
    condition = (
      aws_apigatewayv2_integration.http[0].integration_uri == aws_lambda_alias.live["http"].invoke_arn &&
      aws_apigatewayv2_integration.http[0].integration_type == "AWS_PROXY" &&
      aws_apigatewayv2_integration.http[0].payload_format_version == "2.0" &&
      aws_apigatewayv2_integration.http[0].timeout_milliseconds <= 30000
    )
    error_message = "integration: ${jsonencode([aws_apigatewayv2_integration.http[0].integration_uri, aws_apigatewayv2_integration.http[0].payload_format_version, aws_apigatewayv2_integration.http[0].timeout_milliseconds])}"
  }
  # Only this API may invoke the function, and only its live alias.
  assert {
    condition = (
      aws_lambda_permission.api[0].principal == "apigateway.amazonaws.com" &&
      aws_lambda_permission.api[0].action == "lambda:InvokeFunction" &&
      aws_lambda_permission.api[0].function_name == aws_lambda_function.this["http"].function_name &&
      aws_lambda_permission.api[0].qualifier == aws_lambda_alias.live["http"].name &&
      aws_lambda_permission.api[0].source_arn == "${aws_apigatewayv2_api.this[0].execution_arn}/*/*"
    )
    error_message = "permission: ${jsonencode([aws_lambda_permission.api[0].qualifier, aws_lambda_permission.api[0].source_arn])}"
  }
  assert {
    condition = (
      aws_apigatewayv2_stage.default[0].name == "$default" && aws_apigatewayv2_stage.default[0].auto_deploy &&
      aws_apigatewayv2_stage.default[0].default_route_settings[0].throttling_rate_limit == 10 &&
      aws_apigatewayv2_stage.default[0].default_route_settings[0].throttling_burst_limit == 20 &&
      aws_apigatewayv2_stage.default[0].access_log_settings[0].destination_arn == aws_cloudwatch_log_group.api[0].arn
    )
    error_message = "the stage is throttled and logs every request"
  }
  assert {
    condition     = aws_lambda_function.this["http"].timeout <= 30
    error_message = "the HTTP function must answer within API Gateway's 30 s"
  }
}

run "jwt_callers_from_browsers" {
  command = plan

  variables {
    api_authorization    = "JWT"
    jwt_authorizer       = { issuer = "https://auth.example.com/", audience = ["web"] }
    cors_allowed_origins = ["https://app.example.com"]
  }

  assert {
    condition     = alltrue([for r in aws_apigatewayv2_route.this : r.authorization_type == "JWT" && r.authorizer_id == aws_apigatewayv2_authorizer.jwt[0].id])
    error_message = "every route is behind the JWT authorizer"
  }
  assert {
    condition = (
      aws_apigatewayv2_authorizer.jwt[0].authorizer_type == "JWT" &&
      aws_apigatewayv2_authorizer.jwt[0].identity_sources == toset(["$request.header.Authorization"]) &&
      aws_apigatewayv2_authorizer.jwt[0].jwt_configuration[0].issuer == "https://auth.example.com/" &&
      aws_apigatewayv2_authorizer.jwt[0].jwt_configuration[0].audience == toset(["web"])
    )
    error_message = "authorizer: ${jsonencode(aws_apigatewayv2_authorizer.jwt[0].jwt_configuration)}"
  }
  assert {
    condition = (
      aws_apigatewayv2_api.this[0].cors_configuration[0].allow_origins == toset(["https://app.example.com"]) &&
      contains(aws_apigatewayv2_api.this[0].cors_configuration[0].allow_headers, "authorization") &&
      contains(aws_apigatewayv2_api.this[0].cors_configuration[0].allow_headers, "x-fal-target-url") &&
      contains(aws_apigatewayv2_api.this[0].cors_configuration[0].expose_headers, "location")
    )
    error_message = "CORS: ${jsonencode(aws_apigatewayv2_api.this[0].cors_configuration)}"
  }
}

run "a_public_api_only_when_asked" {
  command = plan

  variables {
    api_authorization = "NONE"
  }

  assert {
    condition     = alltrue([for r in aws_apigatewayv2_route.this : r.authorization_type == "NONE"])
    error_message = "NONE maps to no authorization"
  }
}

# fal's webhooks for the uploads' jobs: a route of its own, outside the callers' authorization, to the webhook
# function, whose URL the S3 function's submits carry.
run "fal_webhooks_reach_the_webhook_function_on_a_route_of_their_own" {
  command = plan

  variables {
    api_authorization = "JWT"
    jwt_authorizer    = { issuer = "https://issuer.example", audience = ["remix"] }
  }

  assert {
    condition = (
      aws_apigatewayv2_route.webhook[0].route_key == "POST /v1/fal/webhook" &&
      aws_apigatewayv2_route.webhook[0].authorization_type == "NONE" &&
      aws_apigatewayv2_route.webhook[0].authorizer_id == null &&
      aws_apigatewayv2_route.webhook[0].target == "integrations/${aws_apigatewayv2_integration.webhook[0].id}"
    )
    error_message = "webhook route: ${jsonencode([aws_apigatewayv2_route.webhook[0].route_key, aws_apigatewayv2_route.webhook[0].authorization_type])}"
  }
  assert {
    condition = (
      aws_apigatewayv2_integration.webhook[0].integration_uri == aws_lambda_alias.live["webhook"].invoke_arn &&
      aws_apigatewayv2_integration.webhook[0].payload_format_version == "2.0" &&
      aws_lambda_permission.webhook[0].function_name == aws_lambda_function.this["webhook"].function_name &&
      aws_lambda_permission.webhook[0].qualifier == aws_lambda_alias.live["webhook"].name &&
      aws_lambda_permission.webhook[0].source_arn == "${aws_apigatewayv2_api.this[0].execution_arn}/*/POST/v1/fal/webhook"
    )
    error_message = "the webhook route invokes the webhook function's live alias, and only that route may"
  }
  assert {
    condition = (
      aws_lambda_function.this["webhook"].environment[0].variables.QUARKUS_LAMBDA_HANDLER == "webhook" &&
      aws_lambda_function.this["webhook"].environment[0].variables.REMIX_S3_CLAIM_PREFIX == "claims/" &&
      aws_lambda_function.this["webhook"].environment[0].variables.REMIX_S3_RESULT_PREFIX == "results/" &&
      aws_lambda_function.this["webhook"].filename == "tests/fixtures/jvm-function.zip"
    )
    error_message = "the webhook function is the events zip's webhook handler with the bucket's layout"
  }
  assert {
    condition     = endswith(aws_lambda_function.this["s3"].environment[0].variables.REMIX_WEBHOOK_URL, "/v1/fal/webhook")
    error_message = "the S3 function's submits ask fal for the webhook route"
  }
  assert {
    condition     = aws_lambda_function.this["s3"].environment[0].variables.REMIX_S3_COMPLETION == "wait"
    error_message = "uploads wait for their jobs unless upload_completion says otherwise"
  }
  # The callers' routes keep the caller authorization.
  assert {
    condition     = alltrue([for r in aws_apigatewayv2_route.this : r.authorization_type == "JWT"])
    error_message = "caller routes stay behind the JWT authorizer"
  }
}

# Submit and return: the S3 function's invocations end at the submit; fal's webhook writes the result.
run "upload_completion_by_webhook_submits_and_returns" {
  command = plan

  variables {
    upload_completion = "webhook"
  }

  assert {
    condition     = aws_lambda_function.this["s3"].environment[0].variables.REMIX_S3_COMPLETION == "webhook"
    error_message = "the S3 function is told to submit and return"
  }
}

run "upload_completion_by_webhook_needs_the_http_api" {
  command = plan

  variables {
    triggers          = ["s3"]
    upload_completion = "webhook"
  }

  expect_failures = [var.upload_completion]
}

# Without the upload bucket, fal's webhooks still record the HTTP jobs' ends, so a GET of a finished job needs no fal.
run "webhooks_record_http_job_ends_without_the_upload_bucket" {
  command = plan

  variables {
    triggers = ["http", "direct"]
  }

  assert {
    condition = (
      keys(aws_lambda_function.this) == ["http", "remix", "webhook"] && length(aws_apigatewayv2_route.webhook) == 1 &&
      aws_lambda_function.this["webhook"].environment[0].variables.REMIX_JOB_ENDS_TABLE == aws_dynamodb_table.usage[0].name &&
      !contains(keys(aws_lambda_function.this["webhook"].environment[0].variables), "REMIX_S3_CLAIM_PREFIX")
    )
    error_message = "the webhook function records the HTTP jobs' ends in the usage table, and knows no bucket"
  }
  assert {
    condition = (
      endswith(aws_lambda_function.this["http"].environment[0].variables.REMIX_WEBHOOK_URL, "/v1/fal/webhook") &&
      aws_lambda_function.this["http"].environment[0].variables.REMIX_JOB_ENDS_TABLE == aws_dynamodb_table.usage[0].name
    )
    error_message = "the HTTP function's submits ask fal for the webhook route, and its GETs read the recorded ends"
  }
  assert {
    condition = (
      jsonencode(sort([for s in data.aws_iam_policy_document.function["webhook"].statement : s.sid])) == jsonencode(["FalKey", "OwnLogs", "RecordJobEnds"]) &&
      one([for s in data.aws_iam_policy_document.function["webhook"].statement : s if s.sid == "RecordJobEnds"]).actions == toset(["dynamodb:PutItem"]) &&
      one([for s in data.aws_iam_policy_document.function["http"].statement : s if s.sid == "ReadJobEnds"]).actions == toset(["dynamodb:GetItem"]) &&
      alltrue([for role in ["http", "webhook"] : jsonencode([for c in one([for s in data.aws_iam_policy_document.function[role].statement : s if endswith(s.sid, "JobEnds")]).condition : [c.test, c.variable, c.values]]) == jsonencode([["ForAllValues:StringLike", "dynamodb:LeadingKeys", ["end#*"]]])])
    )
    error_message = "the webhook function writes, and the HTTP function reads, only the end#* items"
  }
}

run "no_webhooks_without_the_http_api" {
  command = plan

  variables {
    triggers = ["s3", "direct"]
  }

  assert {
    condition = (
      length(aws_apigatewayv2_route.webhook) + length(aws_apigatewayv2_integration.webhook) +
      length(aws_lambda_permission.webhook) == 0 && !contains(keys(aws_lambda_function.this), "webhook") &&
      !contains(keys(aws_lambda_function.this["s3"].environment[0].variables), "REMIX_WEBHOOK_URL")
    )
    error_message = "fal posts to the HTTP API: without it, no webhook route, function or URL"
  }
}
