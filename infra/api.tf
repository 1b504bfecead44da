################################################################################
# HTTP API (API Gateway v2, payload format 2.0)
################################################################################

locals {
  api_routes = [
    "POST /v1/remix",
    "POST /v1/remix/jobs",
    "GET /v1/remix/jobs/{id}",
    "DELETE /v1/remix/jobs/{id}",
    "GET /openapi",
    # fal's proxy protocol for @fal-ai/client (proxyUrl), locked to the remix model
    "POST /v1/fal/proxy",
    "GET /v1/fal/proxy",
    "PUT /v1/fal/proxy",
  ]
  api_authorization_type = { IAM = "AWS_IAM", JWT = "JWT", NONE = "NONE" }[var.api_authorization]
}

resource "aws_apigatewayv2_api" "this" {
  count = local.api_enabled ? 1 : 0

  name          = var.name
  description   = "Remix a consistent character into new scenes with fal.ai's Ideogram V3 Character Remix"
  protocol_type = "HTTP"

  # Browsers (fal's JavaScript client with proxyUrl, or your own page) may call the API from these origins.
  dynamic "cors_configuration" {
    for_each = length(var.cors_allowed_origins) == 0 ? [] : [1]
    content {
      allow_origins = var.cors_allowed_origins
      allow_methods = ["GET", "POST", "PUT", "DELETE"]
      allow_headers = ["authorization", "content-type", "accept", "prefer", "x-request-id", "x-fal-target-url",
        "x-fal-request-timeout", "x-fal-queue-priority", "x-fal-runner-hint", "x-fal-store-io",
      "x-fal-object-lifecycle-preference"]
      expose_headers = ["location", "preference-applied", "retry-after", "x-request-id", "x-fal-request-id"]
      max_age        = 3600
    }
  }

  tags = var.tags
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  count = local.api_enabled && var.api_authorization == "JWT" ? 1 : 0

  api_id           = aws_apigatewayv2_api.this[0].id
  name             = "${var.name}-jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_authorizer.issuer
    audience = var.jwt_authorizer.audience
  }
}

resource "aws_apigatewayv2_integration" "http" {
  count = local.api_enabled ? 1 : 0

  api_id                 = aws_apigatewayv2_api.this[0].id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_alias.live["http"].invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000
}

resource "aws_apigatewayv2_route" "this" {
  for_each = local.api_enabled ? toset(local.api_routes) : toset([])

  api_id             = aws_apigatewayv2_api.this[0].id
  route_key          = each.value
  target             = "integrations/${aws_apigatewayv2_integration.http[0].id}"
  authorization_type = local.api_authorization_type
  authorizer_id      = var.api_authorization == "JWT" ? aws_apigatewayv2_authorizer.jwt[0].id : null
}

# fal's webhook deliveries: a route of its own, outside the callers' authorization (fal signs each delivery, and the
# webhook function checks the signature and the token before it writes anything), to the webhook function.
resource "aws_apigatewayv2_integration" "webhook" {
  count = local.webhooks_enabled ? 1 : 0

  api_id                 = aws_apigatewayv2_api.this[0].id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_alias.live["webhook"].invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000
}

resource "aws_apigatewayv2_route" "webhook" {
  count = local.webhooks_enabled ? 1 : 0

  api_id             = aws_apigatewayv2_api.this[0].id
  route_key          = "POST /v1/fal/webhook"
  target             = "integrations/${aws_apigatewayv2_integration.webhook[0].id}"
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "webhook" {
  count = local.webhooks_enabled ? 1 : 0

  statement_id  = "AllowFalWebhooks"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["webhook"].function_name
  qualifier     = aws_lambda_alias.live["webhook"].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this[0].execution_arn}/*/POST/v1/fal/webhook"
}

resource "aws_cloudwatch_log_group" "api" {
  count = local.api_enabled ? 1 : 0

  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "default" {
  count = local.api_enabled ? 1 : 0

  api_id      = aws_apigatewayv2_api.this[0].id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = var.api_throttling.rate_limit
    throttling_burst_limit = var.api_throttling.burst_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api[0].arn
    format = jsonencode({
      requestId      = "$context.requestId"
      ip             = "$context.identity.sourceIp"
      caller         = "$context.identity.caller"
      requestTime    = "$context.requestTime"
      routeKey       = "$context.routeKey"
      status         = "$context.status"
      responseLength = "$context.responseLength"
      latency        = "$context.integrationLatency"
      error          = "$context.integrationErrorMessage"
    })
  }

  tags = var.tags
}

resource "aws_lambda_permission" "api" {
  count = local.api_enabled ? 1 : 0

  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["http"].function_name
  qualifier     = aws_lambda_alias.live["http"].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this[0].execution_arn}/*/*"
}
