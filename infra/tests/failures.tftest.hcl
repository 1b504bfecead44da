# Failures are never silent: bounded retries and a queue for asynchronous calls, an alarm on everything that can go
# wrong, each notifying the alarm topic.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  http_zip_path   = "tests/fixtures/jvm-function.zip"
  events_zip_path = "tests/fixtures/jvm-function.zip"
}

run "asynchronous_calls_retry_then_land_in_the_failure_queue" {
  command = plan

  # On the alias, where the triggers call: a config on the unqualified function would not apply to them.
  assert {
    condition = (
      keys(aws_lambda_function_event_invoke_config.this) == ["remix"] &&
      aws_lambda_function_event_invoke_config.this["remix"].function_name == aws_lambda_function.this["remix"].function_name &&
      aws_lambda_function_event_invoke_config.this["remix"].qualifier == aws_lambda_alias.live["remix"].name &&
      aws_lambda_function_event_invoke_config.this["remix"].maximum_retry_attempts == 2 &&
      aws_lambda_function_event_invoke_config.this["remix"].maximum_event_age_in_seconds == 3600 &&
      aws_lambda_function_event_invoke_config.this["remix"].destination_config[0].on_failure[0].destination == aws_sqs_queue.failures[0].arn
    )
    error_message = "event invoke config: ${jsonencode(aws_lambda_function_event_invoke_config.this)}"
  }
  assert {
    condition     = aws_sqs_queue.failures[0].message_retention_seconds == 1209600
    error_message = "failed events are kept 14 days"
  }
}

run "every_alarm_notifies_the_alarm_topic" {
  command = plan

  variables {
    alarm_email      = "ops@example.com"
    alarm_actions    = ["arn:aws:sns:eu-west-1:123456789012:pager"]
    alarm_thresholds = { daily_spend_usd = 50 }
  }

  assert {
    condition = alltrue([
      for actions in concat(
        [for a in aws_cloudwatch_metric_alarm.errors : a.alarm_actions],
        [for a in aws_cloudwatch_metric_alarm.throttles : a.alarm_actions],
        [for a in aws_cloudwatch_metric_alarm.destination_delivery_failures : a.alarm_actions],
        [for a in aws_cloudwatch_metric_alarm.failed_events : a.alarm_actions],
        [for a in aws_cloudwatch_metric_alarm.api_5xx : a.alarm_actions],
        [for a in aws_cloudwatch_metric_alarm.upload_dead_letters : a.alarm_actions],
        [for a in aws_cloudwatch_metric_alarm.upload_queue_age : a.alarm_actions],
        [for a in aws_cloudwatch_metric_alarm.daily_spend : a.alarm_actions],
        [aws_cloudwatch_metric_alarm.failure_ratio.alarm_actions, aws_cloudwatch_metric_alarm.fal_queue_wait.alarm_actions],
      ) : actions == toset([aws_sns_topic.alarms.arn, "arn:aws:sns:eu-west-1:123456789012:pager"])
    ])
    error_message = "every alarm must notify the alarm topic and alarm_actions"
  }
  assert {
    condition     = aws_sns_topic_subscription.alarm_email[0].protocol == "email" && aws_sns_topic_subscription.alarm_email[0].endpoint == "ops@example.com" && aws_sns_topic_subscription.alarm_email[0].topic_arn == aws_sns_topic.alarms.arn
    error_message = "alarm_email subscribes to the topic"
  }
  assert {
    condition = (
      toset([for a in aws_cloudwatch_metric_alarm.errors : a.dimensions.FunctionName]) == toset([for f in aws_lambda_function.this : f.function_name]) &&
      toset([for a in aws_cloudwatch_metric_alarm.throttles : a.dimensions.FunctionName]) == toset([for f in aws_lambda_function.this : f.function_name]) &&
      [for a in aws_cloudwatch_metric_alarm.destination_delivery_failures : a.metric_name] == ["DestinationDeliveryFailures"] &&
      aws_cloudwatch_metric_alarm.failed_events[0].dimensions.QueueName == aws_sqs_queue.failures[0].name &&
      aws_cloudwatch_metric_alarm.upload_dead_letters[0].dimensions.QueueName == aws_sqs_queue.uploads_dead_letters[0].name &&
      aws_cloudwatch_metric_alarm.upload_queue_age[0].metric_name == "ApproximateAgeOfOldestMessage" &&
      aws_cloudwatch_metric_alarm.api_5xx[0].dimensions.ApiId == aws_apigatewayv2_api.this[0].id
    )
    error_message = "errors and throttles of every function, lost events, dead letters, the queue's age and API 5xx are alarmed"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.daily_spend[0].threshold == 50 && length([for q in aws_cloudwatch_metric_alarm.daily_spend[0].metric_query : q if q.metric != null && length(q.metric) > 0]) == 3
    error_message = "the daily spend alarm sums EstimatedSpendUSD over the three triggers"
  }
}
