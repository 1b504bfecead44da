output "api_endpoint" {
  description = "Base URL of the HTTP API, e.g. <api_endpoint>/v1/remix (null without the http trigger)."
  value       = one(aws_apigatewayv2_api.this[*].api_endpoint)
}

output "bucket_name" {
  description = "Upload bucket: job files under the jobs prefix, images under the inputs prefix, results under the results prefix."
  value       = one(aws_s3_bucket.uploads[*].id)
}

output "function_names" {
  description = "Function names by role (http, remix, s3)."
  value       = { for role, function in aws_lambda_function.this : role => function.function_name }
}

output "function_arns" {
  description = "ARNs of the live aliases (what the triggers call) by role."
  value       = { for role, alias in aws_lambda_alias.live : role => alias.arn }
}

output "secret_arn" {
  description = "ARN of the secret holding the fal key (the key itself is never an output)."
  value       = aws_secretsmanager_secret.fal_key.arn
}

output "failure_queue_url" {
  description = "URL of the queue receiving events that failed all retries."
  value       = one(aws_sqs_queue.failures[*].url)
}

output "upload_queue_url" {
  description = "URL of the queue the bucket's notifications go to and the S3 function drains (its depth is the backlog)."
  value       = one(aws_sqs_queue.uploads[*].url)
}

output "upload_dead_letter_queue_url" {
  description = "URL of the dead-letter queue of uploads that failed upload_max_receive_count deliveries (redrive them once fixed)."
  value       = one(aws_sqs_queue.uploads_dead_letters[*].url)
}

output "api_execution_arn" {
  description = "Execution ARN of the HTTP API: grant callers execute-api:Invoke on <api_execution_arn>/*/* under IAM authorization."
  value       = one(aws_apigatewayv2_api.this[*].execution_arn)
}

output "function_version_arns" {
  description = "Qualified ARNs of the published versions the live aliases point at, by role."
  value       = { for role, function in aws_lambda_function.this : role => function.qualified_arn }
}

output "role_names" {
  description = "Names of the functions' IAM roles, by role (to attach more permissions, e.g. for another bucket)."
  value       = { for role, r in aws_iam_role.function : role => r.name }
}

output "log_group_names" {
  description = "CloudWatch log groups of the functions by role, and of the API's access log (api)."
  value       = merge({ for role, group in aws_cloudwatch_log_group.function : role => group.name }, { for group in aws_cloudwatch_log_group.api : "api" => group.name })
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies; subscribe to it (alarm_email does so for one address)."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard of the service's health."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "api_id" {
  description = "ID of the HTTP API (null without the http trigger)."
  value       = one(aws_apigatewayv2_api.this[*].id)
}

output "bucket_arn" {
  description = "ARN of the upload bucket (null without the s3 trigger)."
  value       = one(aws_s3_bucket.uploads[*].arn)
}

output "upload_queue_arn" {
  description = "ARN of the upload queue (null without the s3 trigger)."
  value       = one(aws_sqs_queue.uploads[*].arn)
}

output "upload_dead_letter_queue_arn" {
  description = "ARN of the upload dead-letter queue, the source of a redrive (null without the s3 trigger)."
  value       = one(aws_sqs_queue.uploads_dead_letters[*].arn)
}

output "failure_queue_arn" {
  description = "ARN of the queue receiving direct invocations that failed all retries (null without the direct trigger)."
  value       = one(aws_sqs_queue.failures[*].arn)
}

output "role_arns" {
  description = "ARNs of the functions' IAM roles, by role."
  value       = { for role, r in aws_iam_role.function : role => r.arn }
}

output "usage_table_name" {
  description = "Name of the DynamoDB table counting images per day and keeping idempotency keys (null without a daily limit or idempotency keys)."
  value       = one(aws_dynamodb_table.usage[*].name)
}

output "usage_table_arn" {
  description = "ARN of the DynamoDB table counting images per day and keeping idempotency keys (null without a daily limit or idempotency keys)."
  value       = one(aws_dynamodb_table.usage[*].arn)
}
