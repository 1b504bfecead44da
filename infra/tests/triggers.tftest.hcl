# Each trigger brings its own resources and nothing else.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

run "the_http_api_alone" {
  command = plan

  variables {
    triggers      = ["http"]
    http_zip_path = "tests/fixtures/jvm-function.zip"
  }

  assert {
    condition     = keys(aws_lambda_function.this) == ["http"] && length(aws_apigatewayv2_api.this) == 1 && length(aws_apigatewayv2_route.this) == 8
    error_message = "the HTTP function and its API"
  }
  assert {
    condition = (
      length(aws_s3_bucket.uploads) + length(aws_sqs_queue.uploads) + length(aws_sqs_queue.uploads_dead_letters) + length(aws_lambda_event_source_mapping.uploads) +
      length(aws_sqs_queue.failures) + length(aws_lambda_function_event_invoke_config.this) + length(aws_cloudwatch_metric_alarm.upload_queue_age) == 0
    )
    error_message = "no bucket, upload queue or failure queue without their triggers"
  }
  assert {
    condition     = output.bucket_name == null && output.api_endpoint == aws_apigatewayv2_api.this[0].api_endpoint
    error_message = "outputs of absent resources are null"
  }
  assert {
    condition     = local.triggers == tolist(["http"])
    error_message = "the job-metric alarms read the deployed triggers only"
  }
}

run "uploads_alone" {
  command = plan

  variables {
    triggers        = ["s3"]
    events_zip_path = "tests/fixtures/jvm-function.zip"
  }

  assert {
    condition     = keys(aws_lambda_function.this) == ["s3"] && length(aws_s3_bucket.uploads) == 1 && length(aws_lambda_event_source_mapping.uploads) == 1
    error_message = "the S3 function, its bucket and queue"
  }
  assert {
    condition     = length(aws_apigatewayv2_api.this) + length(aws_apigatewayv2_route.this) + length(aws_lambda_permission.api) + length(aws_cloudwatch_metric_alarm.api_5xx) + length(aws_sqs_queue.failures) == 0
    error_message = "no API and no failure queue without their triggers"
  }
}

run "direct_invocation_alone" {
  command = plan

  variables {
    triggers        = ["direct"]
    events_zip_path = "tests/fixtures/jvm-function.zip"
  }

  assert {
    condition     = keys(aws_lambda_function.this) == ["remix"] && length(aws_sqs_queue.failures) == 1 && keys(aws_lambda_function_event_invoke_config.this) == ["remix"]
    error_message = "the direct function and its failure queue"
  }
  assert {
    condition     = length(aws_apigatewayv2_api.this) + length(aws_s3_bucket.uploads) == 0
    error_message = "no API and no bucket"
  }
}
