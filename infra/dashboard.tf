################################################################################
# One page of the service's health
################################################################################

locals {
  function_names = { for role, function in aws_lambda_function.this : role => function.function_name }
  region         = data.aws_region.current.region
}

data "aws_region" "current" {}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name

  dashboard_body = jsonencode({
    widgets = concat([
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title = "Invocations, errors and throttles", region = local.region, stat = "Sum", period = 300
          metrics = flatten([for role, name in local.function_names : [
            ["AWS/Lambda", "Invocations", "FunctionName", name, { label = "${role} invocations" }],
            ["AWS/Lambda", "Errors", "FunctionName", name, { label = "${role} errors" }],
            ["AWS/Lambda", "Throttles", "FunctionName", name, { label = "${role} throttles" }],
          ]])
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title = "Running copies (each has at most one fal job)", region = local.region, stat = "Maximum", period = 60
          metrics = [for role, name in local.function_names :
          ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", name, { label = role }]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title = "Duration (p50, p99)", region = local.region, period = 300
          metrics = flatten([for role, name in local.function_names : [
            ["AWS/Lambda", "Duration", "FunctionName", name, { stat = "p50", label = "${role} p50" }],
            ["AWS/Lambda", "Duration", "FunctionName", name, { stat = "p99", label = "${role} p99" }],
          ]])
        }
      },
      ],
      local.uploads_enabled ? [
        {
          type = "metric", x = 12, y = 6, width = 12, height = 6
          properties = {
            title = "Uploads waiting, their age, dead letters", region = local.region, stat = "Maximum", period = 300
            metrics = [
              ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.uploads[0].name, { label = "waiting" }],
              ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", aws_sqs_queue.uploads[0].name, { label = "oldest (s)", yAxis = "right" }],
              ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.uploads_dead_letters[0].name, { label = "dead letters" }],
            ]
          }
        }
      ] : [],
      local.api_enabled ? [
        {
          type = "metric", x = 0, y = 12, width = 24, height = 6
          properties = {
            title = "HTTP API answers", region = local.region, stat = "Sum", period = 300
            metrics = [
              ["AWS/ApiGateway", "Count", "ApiId", aws_apigatewayv2_api.this[0].id, "Stage", aws_apigatewayv2_stage.default[0].name, { label = "requests" }],
              ["AWS/ApiGateway", "4xx", "ApiId", aws_apigatewayv2_api.this[0].id, "Stage", aws_apigatewayv2_stage.default[0].name, { label = "4xx" }],
              ["AWS/ApiGateway", "5xx", "ApiId", aws_apigatewayv2_api.this[0].id, "Stage", aws_apigatewayv2_stage.default[0].name, { label = "5xx" }],
            ]
          }
        }
      ] : [],
      [
        # The job metrics (EMF, one series per trigger).
        {
          type = "metric", x = 0, y = 18, width = 12, height = 6
          properties = {
            title = "Jobs by trigger: submitted, completed, failed, cancelled", region = local.region, stat = "Sum", period = 300
            metrics = flatten([for trigger in local.triggers : [
              for metric in ["JobsSubmitted", "JobsCompleted", "JobsFailed", "JobsCancelled"] :
              [local.metrics_namespace, metric, "Trigger", trigger, { label = "${trigger} ${metric}" }]
            ]])
          }
        },
        {
          type = "metric", x = 12, y = 18, width = 12, height = 6
          properties = {
            title = "Estimated fal spend (USD) and images", region = local.region, stat = "Sum", period = 3600
            metrics = flatten([for trigger in local.triggers : [
              [local.metrics_namespace, "EstimatedSpendUSD", "Trigger", trigger, { label = "${trigger} spend (USD)" }],
              [local.metrics_namespace, "ImagesGenerated", "Trigger", trigger, { label = "${trigger} images", yAxis = "right" }],
              [local.metrics_namespace, "RequestsRefused", "Trigger", trigger, { label = "${trigger} refused by a limit", yAxis = "right" }],
            ]])
          }
        },
        {
          type = "metric", x = 0, y = 24, width = 12, height = 6
          properties = {
            title = "fal queue wait and run time (p50, p90, ms)", region = local.region, period = 300
            metrics = flatten([for trigger in local.triggers : [
              [local.metrics_namespace, "FalQueueWait", "Trigger", trigger, { stat = "p50", label = "${trigger} queue p50" }],
              [local.metrics_namespace, "FalQueueWait", "Trigger", trigger, { stat = "p90", label = "${trigger} queue p90" }],
              [local.metrics_namespace, "FalRunTime", "Trigger", trigger, { stat = "p50", label = "${trigger} run p50" }],
              [local.metrics_namespace, "FalRunTime", "Trigger", trigger, { stat = "p90", label = "${trigger} run p90" }],
            ]])
          }
        },
        {
          type = "metric", x = 12, y = 24, width = 12, height = 6
          properties = {
            title = "End-to-end latency (p50, p99, ms) and fal requests per job", region = local.region, period = 300
            metrics = flatten([for trigger in local.triggers : [
              [local.metrics_namespace, "Latency", "Trigger", trigger, { stat = "p50", label = "${trigger} p50" }],
              [local.metrics_namespace, "Latency", "Trigger", trigger, { stat = "p99", label = "${trigger} p99" }],
              [local.metrics_namespace, "FalRequests", "Trigger", trigger, { stat = "Average", label = "${trigger} fal requests", yAxis = "right" }],
            ]])
          }
        },
    ])
  })
}
