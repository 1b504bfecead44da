################################################################################
# One role per function, with only what that function needs
################################################################################

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each = local.functions

  name                 = "${var.name}-${each.key}"
  path                 = var.role_path
  permissions_boundary = var.permissions_boundary
  assume_role_policy   = data.aws_iam_policy_document.assume_lambda.json
  tags                 = var.tags
}

data "aws_iam_policy_document" "function" {
  for_each = local.functions

  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function[each.key].arn}:*"]
  }

  statement {
    sid       = "FalKey"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.fal_key.arn]
  }

  # Every trigger counts its images against the daily limit: UpdateItem on the one table, nothing else. (fal's webhook
  # deliveries submit nothing.)
  dynamic "statement" {
    for_each = local.daily_limit && each.key != "webhook" ? [1] : []
    content {
      sid       = "CountDailyImages"
      actions   = ["dynamodb:UpdateItem"]
      resources = [aws_dynamodb_table.usage[0].arn]
    }
  }

  # The HTTP and direct functions read and write their callers' idempotency keys, and only those items.
  dynamic "statement" {
    for_each = local.idempotency && contains(["http", "remix"], each.key) ? [1] : []
    content {
      sid       = "IdempotencyKeys"
      actions   = ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
      resources = [aws_dynamodb_table.usage[0].arn]
      condition {
        test     = "ForAllValues:StringLike"
        variable = "dynamodb:LeadingKeys"
        values   = ["idem#*"]
      }
    }
  }

  # fal's webhook deliveries record the HTTP jobs' ends; the HTTP function reads them. Only those items.
  dynamic "statement" {
    for_each = local.webhooks_enabled && contains(["http", "webhook"], each.key) ? [1] : []
    content {
      sid       = each.key == "webhook" ? "RecordJobEnds" : "ReadJobEnds"
      actions   = each.key == "webhook" ? ["dynamodb:PutItem"] : ["dynamodb:GetItem"]
      resources = [aws_dynamodb_table.usage[0].arn]
      condition {
        test     = "ForAllValues:StringLike"
        variable = "dynamodb:LeadingKeys"
        values   = ["end#*"]
      }
    }
  }

  # With a customer-managed key, everything the function touches is encrypted with it: the secret (Decrypt), the
  # bucket's objects (Decrypt to read, GenerateDataKey to write), the upload queue (Decrypt to receive) and the failure
  # queue (GenerateDataKey to send). The key's own policy must allow the role too (see kms_key_arn).
  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [1]
    content {
      sid       = "UseKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
    }
  }

  dynamic "statement" {
    for_each = contains(local.async_functions, each.key) ? [1] : []
    content {
      sid       = "FailureDestination"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.failures[0].arn]
    }
  }

  # The S3 function and fal's webhook deliveries both finish uploads (whichever takes the claim first): the same rights.
  dynamic "statement" {
    for_each = local.uploads_enabled && contains(["s3", "webhook"], each.key) ? [1] : []
    content {
      sid     = "ReadUploads"
      actions = ["s3:GetObject", "s3:GetObjectVersion"]
      resources = [
        "${aws_s3_bucket.uploads[0].arn}/${var.prefixes.jobs}*",
        "${aws_s3_bucket.uploads[0].arn}/${var.prefixes.inputs}*",
        "${aws_s3_bucket.uploads[0].arn}/${var.prefixes.references}*",
      ]
    }
  }

  # Results are written, never read: a presigned URL made with this role can never hand fal another upload's result.
  # A success removes the error.json of an earlier attempt (an upload has one outcome).
  dynamic "statement" {
    for_each = local.uploads_enabled && contains(["s3", "webhook"], each.key) ? [1] : []
    content {
      sid       = "WriteResults"
      actions   = ["s3:PutObject", "s3:DeleteObject"]
      resources = ["${aws_s3_bucket.uploads[0].arn}/${var.prefixes.results}*"]
    }
  }

  dynamic "statement" {
    for_each = local.uploads_enabled && contains(["s3", "webhook"], each.key) ? [1] : []
    content {
      sid       = "Claims"
      actions   = ["s3:PutObject", "s3:GetObject"]
      resources = ["${aws_s3_bucket.uploads[0].arn}/${var.prefixes.claims}*"]
    }
  }

  # What Lambda's event source mapping needs, with the function's role, to drain the upload queue.
  dynamic "statement" {
    for_each = each.key == "s3" ? [1] : []
    content {
      sid       = "DrainUploadQueue"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
      resources = [aws_sqs_queue.uploads[0].arn]
    }
  }

  # Without ListBucket, reading a claim that does not exist yet answers 403 instead of 404.
  dynamic "statement" {
    for_each = local.uploads_enabled && contains(["s3", "webhook"], each.key) ? [1] : []
    content {
      sid       = "SeeMissingClaims"
      actions   = ["s3:ListBucket"]
      resources = [aws_s3_bucket.uploads[0].arn]

      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = ["${var.prefixes.claims}*"]
      }
    }
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions

  name   = "${var.name}-${each.key}"
  role   = aws_iam_role.function[each.key].id
  policy = data.aws_iam_policy_document.function[each.key].json
}

# X-Ray's write actions take no resource ARN, so they come from AWS's managed policy (only with tracing_mode Active).
resource "aws_iam_role_policy_attachment" "xray" {
  for_each = var.tracing_mode == "Active" ? local.functions : {}

  role       = aws_iam_role.function[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}
