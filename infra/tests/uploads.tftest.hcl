# The upload bucket and its queue: private, TLS only, notifications for the trigger prefixes only, paced at fal's
# concurrency, nothing lost.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  http_zip_path   = "tests/fixtures/jvm-function.zip"
  events_zip_path = "tests/fixtures/jvm-function.zip"
}

run "the_bucket_is_private_tls_only_and_versioned" {
  command = plan

  assert {
    condition     = aws_s3_bucket.uploads[0].bucket == "character-remix-uploads-123456789012" && !aws_s3_bucket.uploads[0].force_destroy
    error_message = "bucket name: ${aws_s3_bucket.uploads[0].bucket}"
  }
  assert {
    condition = (
      aws_s3_bucket_public_access_block.uploads[0].block_public_acls && aws_s3_bucket_public_access_block.uploads[0].block_public_policy &&
      aws_s3_bucket_public_access_block.uploads[0].ignore_public_acls && aws_s3_bucket_public_access_block.uploads[0].restrict_public_buckets &&
      one(aws_s3_bucket_ownership_controls.uploads[0].rule).object_ownership == "BucketOwnerEnforced"
    )
    error_message = "the bucket must block every kind of public access"
  }
  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.uploads[0].rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"
    error_message = "the bucket is encrypted with S3-managed keys without a key of yours"
  }
  assert {
    condition     = aws_s3_bucket_versioning.uploads[0].versioning_configuration[0].status == "Enabled"
    error_message = "versioning keeps overwritten uploads and results"
  }
  # Every request over plain HTTP is refused, whoever makes it.
  assert {
    condition = (
      aws_s3_bucket_policy.uploads[0].bucket == aws_s3_bucket.uploads[0].id &&
      length(aws_s3_bucket_policy.uploads) == 1 &&
      length(data.aws_iam_policy_document.uploads[0].statement) == 1 &&
      data.aws_iam_policy_document.uploads[0].statement[0].effect == "Deny" &&
      data.aws_iam_policy_document.uploads[0].statement[0].actions == toset(["s3:*"]) &&
      data.aws_iam_policy_document.uploads[0].statement[0].resources == toset([aws_s3_bucket.uploads[0].arn, "${aws_s3_bucket.uploads[0].arn}/*"]) &&
      jsonencode([for p in data.aws_iam_policy_document.uploads[0].statement[0].principals : [p.type, p.identifiers]]) == jsonencode([["*", ["*"]]]) &&
      jsonencode([for c in data.aws_iam_policy_document.uploads[0].statement[0].condition : [c.test, c.variable, c.values]]) == jsonencode([["Bool", "aws:SecureTransport", ["false"]]])
    )
    error_message = "bucket policy: ${jsonencode(data.aws_iam_policy_document.uploads[0].statement)}"
  }
  assert {
    condition = (
      [for r in aws_s3_bucket_lifecycle_configuration.uploads[0].rule : one(r.filter).prefix if r.id == "expire-claims"] == ["claims/"] &&
      [for r in aws_s3_bucket_lifecycle_configuration.uploads[0].rule : one(r.expiration).days if r.id == "expire-claims"] == [30] &&
      toset([for r in aws_s3_bucket_lifecycle_configuration.uploads[0].rule : one(r.filter).prefix if startswith(r.id, "expire-old-")]) == toset(["jobs/", "inputs/", "results/", "references/"]) &&
      alltrue([for r in aws_s3_bucket_lifecycle_configuration.uploads[0].rule : one(r.noncurrent_version_expiration).noncurrent_days == 30 if startswith(r.id, "expire-old-")]) &&
      [for r in aws_s3_bucket_lifecycle_configuration.uploads[0].rule : one(r.abort_incomplete_multipart_upload).days_after_initiation if r.id == "abort-incomplete-uploads"] == [1]
    )
    error_message = "lifecycle: ${jsonencode([for r in aws_s3_bucket_lifecycle_configuration.uploads[0].rule : [r.id, r.filter, r.expiration]])}"
  }
}

run "notifications_reach_the_queue_only_from_this_bucket_for_the_trigger_prefixes" {
  command = plan

  assert {
    condition = (
      jsonencode({ for q in aws_s3_bucket_notification.uploads[0].queue : q.id => [q.filter_prefix, q.filter_suffix, q.events] }) == jsonencode({ images = ["inputs/", null, ["s3:ObjectCreated:*"]], job-files = ["jobs/", ".json", ["s3:ObjectCreated:*"]] }) &&
      alltrue([for q in aws_s3_bucket_notification.uploads[0].queue : q.queue_arn == aws_sqs_queue.uploads[0].arn]) &&
      length(aws_s3_bucket_notification.uploads[0].lambda_function) == 0
    )
    error_message = "notifications: ${jsonencode(aws_s3_bucket_notification.uploads[0].queue)}"
  }
  assert {
    condition = (
      aws_sqs_queue_policy.uploads[0].queue_url == aws_sqs_queue.uploads[0].id &&
      length(data.aws_iam_policy_document.uploads_queue[0].statement) == 1 &&
      data.aws_iam_policy_document.uploads_queue[0].statement[0].actions == toset(["sqs:SendMessage"]) &&
      data.aws_iam_policy_document.uploads_queue[0].statement[0].resources == toset([aws_sqs_queue.uploads[0].arn]) &&
      jsonencode([for p in data.aws_iam_policy_document.uploads_queue[0].statement[0].principals : [p.type, p.identifiers]]) == jsonencode([["Service", ["s3.amazonaws.com"]]]) &&
      jsonencode({ for c in data.aws_iam_policy_document.uploads_queue[0].statement[0].condition : c.variable => [c.test, c.values] }) == jsonencode({ "aws:SourceAccount" = ["StringEquals", ["123456789012"]], "aws:SourceArn" = ["ArnEquals", [aws_s3_bucket.uploads[0].arn]] })
    )
    error_message = "queue policy: ${jsonencode(data.aws_iam_policy_document.uploads_queue[0].statement)}"
  }
}

run "the_queue_paces_the_function_and_keeps_every_failed_upload" {
  command = plan

  variables {
    fal_concurrency = 7
    functions       = { s3 = { timeout = 400 } }
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.uploads[0].event_source_arn == aws_sqs_queue.uploads[0].arn &&
      aws_lambda_event_source_mapping.uploads[0].function_name == aws_lambda_alias.live["s3"].arn &&
      aws_lambda_event_source_mapping.uploads[0].batch_size == 1 &&
      aws_lambda_event_source_mapping.uploads[0].function_response_types == toset(["ReportBatchItemFailures"]) &&
      aws_lambda_event_source_mapping.uploads[0].scaling_config[0].maximum_concurrency == 7
    )
    error_message = "event source mapping: ${jsonencode([aws_lambda_event_source_mapping.uploads[0].function_name, aws_lambda_event_source_mapping.uploads[0].function_response_types, aws_lambda_event_source_mapping.uploads[0].scaling_config])}"
  }
  # AWS's guidance for a Lambda event source: a visibility timeout of at least six times the function's timeout.
  assert {
    condition     = aws_sqs_queue.uploads[0].visibility_timeout_seconds >= 6 * aws_lambda_function.this["s3"].timeout
    error_message = "visibility timeout ${aws_sqs_queue.uploads[0].visibility_timeout_seconds} s"
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.uploads[0].redrive_policy) == { deadLetterTargetArn = aws_sqs_queue.uploads_dead_letters[0].arn, maxReceiveCount = 20 }
    error_message = "redrive policy: ${aws_sqs_queue.uploads[0].redrive_policy}"
  }
  # A dead letter keeps its first enqueue time: a dead-letter queue that keeps messages no longer than its source
  # drops them as they arrive.
  assert {
    condition     = aws_sqs_queue.uploads_dead_letters[0].message_retention_seconds > aws_sqs_queue.uploads[0].message_retention_seconds
    error_message = "dead letters kept ${aws_sqs_queue.uploads_dead_letters[0].message_retention_seconds} s, uploads ${aws_sqs_queue.uploads[0].message_retention_seconds} s"
  }
  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_allow_policy.uploads_dead_letters[0].redrive_allow_policy) == { redrivePermission = "byQueue", sourceQueueArns = [aws_sqs_queue.uploads[0].arn] }
    error_message = "only the upload queue may send to its dead-letter queue"
  }
  assert {
    condition     = length(aws_lambda_permission.api) == 1 && alltrue([for p in aws_lambda_permission.api : p.function_name != aws_lambda_function.this["s3"].function_name])
    error_message = "nothing but the event source mapping invokes the S3 function"
  }
}
