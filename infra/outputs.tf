output "api_endpoint" {
  description = "Base URL of the HTTP API, e.g. <api_endpoint>/v1/remix."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "bucket_name" {
  description = "Upload bucket: job files under the jobs prefix, images under the inputs prefix, results under the results prefix."
  value       = aws_s3_bucket.uploads.id
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
  value       = aws_sqs_queue.failures.url
}

output "upload_queue_url" {
  description = "URL of the queue the bucket's notifications go to and the S3 function drains (its depth is the backlog)."
  value       = aws_sqs_queue.uploads.url
}

output "upload_dead_letter_queue_url" {
  description = "URL of the dead-letter queue of uploads that failed upload_max_receive_count deliveries (redrive them once fixed)."
  value       = aws_sqs_queue.uploads_dead_letters.url
}
