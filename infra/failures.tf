################################################################################
# Failed asynchronous events: bounded retries, then a queue; alarms on both
################################################################################

resource "aws_sqs_queue" "failures" {
  count = contains(var.triggers, "direct") ? 1 : 0

  name                      = "${var.name}-failures"
  message_retention_seconds = var.failure_retention_seconds
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = var.tags
}

################################################################################
# Who hears of it: an alarm topic (with an optional e-mail subscription) and any actions of your own
################################################################################

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.kms_key_arn

  tags = var.tags
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  alarm_actions = concat([aws_sns_topic.alarms.arn], var.alarm_actions)
}

resource "aws_lambda_function_event_invoke_config" "this" {
  for_each = local.async_functions

  function_name                = aws_lambda_function.this[each.key].function_name
  qualifier                    = aws_lambda_alias.live[each.key].name
  maximum_retry_attempts       = var.async_retries
  maximum_event_age_in_seconds = var.async_max_event_age_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures[0].arn
    }
  }

  # Lambda sends to the queue with the function's role, which must allow it first.
  depends_on = [aws_iam_role_policy.function]
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each = local.functions

  alarm_name          = "${var.name}-${each.key}-errors"
  alarm_description   = "The ${each.key} function reported errors."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "failed_events" {
  count = contains(var.triggers, "direct") ? 1 : 0

  alarm_name          = "${var.name}-failed-events"
  alarm_description   = "An event failed all retries and is waiting in ${aws_sqs_queue.failures[0].name}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.failures[0].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}

# Lambda could not write a failed event to the failure queue: that event is gone.
resource "aws_cloudwatch_metric_alarm" "destination_delivery_failures" {
  for_each = local.async_functions

  alarm_name          = "${var.name}-${each.key}-lost-events"
  alarm_description   = "Failed events of the ${each.key} function could not be delivered to ${aws_sqs_queue.failures[0].name}: they are lost."
  namespace           = "AWS/Lambda"
  metric_name         = "DestinationDeliveryFailures"
  dimensions          = { FunctionName = aws_lambda_function.this[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}

# Invocations refused: at the reserved concurrency when one is set (the spend guard), else at the account's limit.
resource "aws_cloudwatch_metric_alarm" "throttles" {
  for_each = local.functions

  alarm_name          = "${var.name}-${each.key}-throttles"
  alarm_description   = "The ${each.key} function was throttled (${each.value.reserved_concurrency == null ? "the account's concurrency limit" : "its reserved concurrency of ${each.value.reserved_concurrency}"}): callers or events were refused."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.this[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  count = local.api_enabled ? 1 : 0

  alarm_name          = "${var.name}-api-5xx"
  alarm_description   = "The HTTP API answered 5xx (fal failing or unavailable, timeouts, or the function itself)."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = aws_apigatewayv2_api.this[0].id, Stage = aws_apigatewayv2_stage.default[0].name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}

################################################################################
# Alarms on the job metrics (EMF, namespace local.metrics_namespace, one series per trigger)
################################################################################

locals {
  # The Trigger dimension's values of the deployed triggers.
  triggers = sort(var.triggers)
}

# fal's estimated charges over a UTC day, summed over the triggers (a trigger with no jobs counts 0).
resource "aws_cloudwatch_metric_alarm" "daily_spend" {
  count = var.alarm_thresholds.daily_spend_usd == null ? 0 : 1

  alarm_name          = "${var.name}-daily-spend"
  alarm_description   = "Estimated fal spend today passed $${var.alarm_thresholds.daily_spend_usd} (EstimatedSpendUSD: images submitted at the configured prices)."
  evaluation_periods  = 1
  threshold           = var.alarm_thresholds.daily_spend_usd
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  metric_query {
    id          = "spend"
    expression  = "SUM([${join(",", [for i, t in local.triggers : "FILL(m${i}, 0)"])}])"
    label       = "Estimated fal spend (USD)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.triggers
    content {
      id = "m${metric_query.key}"
      metric {
        namespace   = local.metrics_namespace
        metric_name = "EstimatedSpendUSD"
        dimensions  = { Trigger = metric_query.value }
        stat        = "Sum"
        period      = 86400
      }
    }
  }

  tags = var.tags
}

# The share of jobs that ended FAILED in the last hour, among those that ended (cancelled jobs are not failures).
resource "aws_cloudwatch_metric_alarm" "failure_ratio" {
  alarm_name          = "${var.name}-failure-ratio"
  alarm_description   = "More than ${var.alarm_thresholds.failure_ratio_percent}% of the jobs that ended in the last hour failed (JobsFailed by ErrorType says which)."
  evaluation_periods  = 1
  threshold           = var.alarm_thresholds.failure_ratio_percent
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  metric_query {
    id          = "ratio"
    expression  = "IF(ended > 0, 100 * failed / ended, 0)"
    label       = "Failed jobs (%)"
    return_data = true
  }

  metric_query {
    id         = "failed"
    expression = "SUM([${join(",", [for i, t in local.triggers : "FILL(f${i}, 0)"])}])"
  }

  metric_query {
    id         = "ended"
    expression = "failed + SUM([${join(",", [for i, t in local.triggers : "FILL(c${i}, 0)"])}])"
  }

  dynamic "metric_query" {
    for_each = local.triggers
    content {
      id = "f${metric_query.key}"
      metric {
        namespace   = local.metrics_namespace
        metric_name = "JobsFailed"
        dimensions  = { Trigger = metric_query.value }
        stat        = "Sum"
        period      = 3600
      }
    }
  }

  dynamic "metric_query" {
    for_each = local.triggers
    content {
      id = "c${metric_query.key}"
      metric {
        namespace   = local.metrics_namespace
        metric_name = "JobsCompleted"
        dimensions  = { Trigger = metric_query.value }
        stat        = "Sum"
        period      = 3600
      }
    }
  }

  tags = var.tags
}

# Jobs wait at fal longer than usual: fal is busy, or our account's concurrency at fal is spent.
resource "aws_cloudwatch_metric_alarm" "fal_queue_wait" {
  alarm_name          = "${var.name}-fal-queue-wait"
  alarm_description   = "fal's queue wait (p90, worst trigger) passed ${var.alarm_thresholds.fal_queue_wait_p90_seconds} s for 15 minutes."
  evaluation_periods  = 3
  threshold           = var.alarm_thresholds.fal_queue_wait_p90_seconds * 1000
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  metric_query {
    id          = "wait"
    expression  = "MAX([${join(",", [for i, t in local.triggers : "w${i}"])}])"
    label       = "fal queue wait p90 (ms)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.triggers
    content {
      id = "w${metric_query.key}"
      metric {
        namespace   = local.metrics_namespace
        metric_name = "FalQueueWait"
        dimensions  = { Trigger = metric_query.value }
        stat        = "p90"
        period      = 300
      }
    }
  }

  tags = var.tags
}
