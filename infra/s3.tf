################################################################################
# Upload bucket: private, encrypted, versioned
################################################################################

locals {
  bucket_name = coalesce(var.bucket_name, "${var.name}-uploads-${data.aws_caller_identity.current.account_id}")
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  bucket        = local.bucket_name
  force_destroy = var.bucket_force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  bucket = aws_s3_bucket.uploads[0].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  bucket = aws_s3_bucket.uploads[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  bucket = aws_s3_bucket.uploads[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_versioning" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  bucket = aws_s3_bucket.uploads[0].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  bucket = aws_s3_bucket.uploads[0].id

  # Uploads that never finished cost storage until they are aborted.
  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # Overwritten and deleted versions are kept for a while (a versioned bucket keeps them forever otherwise).
  dynamic "rule" {
    for_each = { jobs = var.prefixes.jobs, inputs = var.prefixes.inputs, results = var.prefixes.results, references = var.prefixes.references }
    content {
      id     = "expire-old-${rule.key}"
      status = "Enabled"

      filter {
        prefix = rule.value
      }

      noncurrent_version_expiration {
        noncurrent_days = var.noncurrent_version_days
      }
    }
  }

  rule {
    id     = "expire-claims"
    status = "Enabled"

    filter {
      prefix = var.prefixes.claims
    }

    expiration {
      days = var.claim_expiration_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  # The provider's documentation: a lifecycle configuration on a versioned bucket must wait for the versioning.
  depends_on = [aws_s3_bucket_versioning.uploads]
}

data "aws_iam_policy_document" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.uploads[0].arn, "${aws_s3_bucket.uploads[0].arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  bucket = aws_s3_bucket.uploads[0].id
  policy = data.aws_iam_policy_document.uploads[0].json

  # A policy written before the public access block could briefly be judged public.
  depends_on = [aws_s3_bucket_public_access_block.uploads]
}

################################################################################
# Notifications: job files and images go to the upload queue (queue.tf), which the S3 function drains
################################################################################

resource "aws_s3_bucket_notification" "uploads" {
  count = local.uploads_enabled ? 1 : 0

  bucket = aws_s3_bucket.uploads[0].id

  queue {
    id            = "job-files"
    queue_arn     = aws_sqs_queue.uploads[0].arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.prefixes.jobs
    filter_suffix = ".json"
  }

  queue {
    id            = "images"
    queue_arn     = aws_sqs_queue.uploads[0].arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.prefixes.inputs
  }

  # S3 checks it may send to the queue when the notification is saved (and sends s3:TestEvent).
  depends_on = [aws_sqs_queue_policy.uploads]
}
