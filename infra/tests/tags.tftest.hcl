# tags reach every resource that takes them.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  http_zip_path   = "tests/fixtures/jvm-function.zip"
  events_zip_path = "tests/fixtures/jvm-function.zip"
  tags            = { Team = "mascots" }
  spend_limits    = { max_images_per_day = 100 }
}

run "every_taggable_resource_carries_the_tags" {
  command = plan

  assert {
    condition = alltrue([for tags in concat(
      [for r in aws_lambda_function.this : r.tags], [for r in aws_iam_role.function : r.tags], [for r in aws_cloudwatch_log_group.function : r.tags],
      [for r in aws_cloudwatch_log_group.api : r.tags], [for r in aws_apigatewayv2_api.this : r.tags], [for r in aws_apigatewayv2_stage.default : r.tags],
      [for r in aws_s3_bucket.uploads : r.tags], [for r in aws_sqs_queue.uploads : r.tags], [for r in aws_sqs_queue.uploads_dead_letters : r.tags],
      [for r in aws_sqs_queue.failures : r.tags], [for r in aws_lambda_event_source_mapping.uploads : r.tags], [for r in aws_dynamodb_table.usage : r.tags],
      [aws_secretsmanager_secret.fal_key.tags, aws_sns_topic.alarms.tags],
      [for r in aws_cloudwatch_metric_alarm.errors : r.tags], [for r in aws_cloudwatch_metric_alarm.throttles : r.tags],
      [for r in aws_cloudwatch_metric_alarm.destination_delivery_failures : r.tags], [for r in aws_cloudwatch_metric_alarm.failed_events : r.tags],
      [for r in aws_cloudwatch_metric_alarm.api_5xx : r.tags], [for r in aws_cloudwatch_metric_alarm.upload_dead_letters : r.tags],
      [for r in aws_cloudwatch_metric_alarm.upload_queue_age : r.tags], [aws_cloudwatch_metric_alarm.failure_ratio.tags, aws_cloudwatch_metric_alarm.fal_queue_wait.tags],
    ) : tags == tomap({ Team = "mascots" })])
    error_message = "a resource lacks the tags"
  }
}
