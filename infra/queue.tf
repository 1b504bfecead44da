################################################################################
# Upload queue: S3 notifications wait here, and the S3 function drains them at fal's pace
################################################################################

# A job still running when its invocation must stop is handed back (a batch item failure) and comes back after the
# visibility timeout; its claim then resumes the same fal job. A message that keeps failing lands in the dead-letter
# queue after upload_max_receive_count receives.
resource "aws_sqs_queue" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  name = "${var.name}-uploads"
  # AWS's guidance for a Lambda event source: at least six times the function's timeout.
  visibility_timeout_seconds = 6 * var.functions.s3.timeout
  # The dead-letter queue keeps a message's first enqueue time, so it must keep messages longer than this queue.
  message_retention_seconds = var.upload_retention_seconds
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.uploads_dead_letters[0].arn
    maxReceiveCount     = var.upload_max_receive_count
  })

  tags = var.tags
}

resource "aws_sqs_queue" "uploads_dead_letters" {
  count = local.uploads_enabled ? 1 : 0

  name                      = "${var.name}-uploads-dead-letters"
  message_retention_seconds = var.failure_retention_seconds
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = var.tags
}

resource "aws_sqs_queue_redrive_allow_policy" "uploads_dead_letters" {
  count = local.uploads_enabled ? 1 : 0

  queue_url = aws_sqs_queue.uploads_dead_letters[0].id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.uploads[0].arn]
  })
}

# Only this bucket, in this account, may send to the queue.
data "aws_iam_policy_document" "uploads_queue" {
  count = local.uploads_enabled ? 1 : 0

  statement {
    sid       = "UploadBucketNotifications"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.uploads[0].arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.uploads[0].arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  queue_url = aws_sqs_queue.uploads[0].id
  policy    = data.aws_iam_policy_document.uploads_queue[0].json
}

# One upload per invocation by default; at most fal_concurrency invocations at once, so the jobs at fal never
# outnumber what the fal account runs in parallel.
resource "aws_lambda_event_source_mapping" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  event_source_arn        = aws_sqs_queue.uploads[0].arn
  function_name           = aws_lambda_alias.live["s3"].arn
  batch_size              = var.upload_batch_size
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.fal_concurrency
  }

  # The role must be allowed to read the queue before Lambda starts polling it.
  depends_on = [aws_iam_role_policy.function]

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "upload_dead_letters" {
  count = local.uploads_enabled ? 1 : 0

  alarm_name          = "${var.name}-upload-dead-letters"
  alarm_description   = "An upload failed ${var.upload_max_receive_count} deliveries and waits in ${aws_sqs_queue.uploads_dead_letters[0].name}; its results/<key>/error.json says why."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.uploads_dead_letters[0].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "upload_queue_age" {
  count = local.uploads_enabled ? 1 : 0

  alarm_name          = "${var.name}-upload-queue-age"
  alarm_description   = "Uploads have waited in ${aws_sqs_queue.uploads[0].name} longer than ${var.upload_queue_age_alarm_seconds} s: fal is slow, fal_concurrency is low, or the function keeps failing."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.uploads[0].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.upload_queue_age_alarm_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}
