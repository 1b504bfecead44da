# The roles: who may assume them and what each function may do, read from the policy documents Terraform evaluates.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  http_zip_path   = "tests/fixtures/jvm-function.zip"
  events_zip_path = "tests/fixtures/jvm-function.zip"
  spend_limits    = { max_images_per_day = 100 }
}

run "each_role_allows_only_what_its_function_does" {
  command = plan

  # Only Lambda may assume the roles: no AWS account, no other service, no wildcard.
  assert {
    condition = (
      length(data.aws_iam_policy_document.assume_lambda.statement) == 1 &&
      data.aws_iam_policy_document.assume_lambda.statement[0].actions == toset(["sts:AssumeRole"]) &&
      coalesce(data.aws_iam_policy_document.assume_lambda.statement[0].effect, "Allow") == "Allow" &&
      length(data.aws_iam_policy_document.assume_lambda.statement[0].principals) == 1 &&
      one(data.aws_iam_policy_document.assume_lambda.statement[0].principals).type == "Service" &&
      one(data.aws_iam_policy_document.assume_lambda.statement[0].principals).identifiers == toset(["lambda.amazonaws.com"])
    )
    error_message = "trust policy: ${jsonencode(data.aws_iam_policy_document.assume_lambda.statement)}"
  }
  assert {
    condition     = alltrue([for r in aws_iam_role.function : r.assume_role_policy == data.aws_iam_policy_document.assume_lambda.json && r.path == "/" && r.permissions_boundary == null])
    error_message = "every role uses the Lambda trust policy"
  }
  assert {
    condition     = jsonencode({ for role, doc in data.aws_iam_policy_document.function : role => sort([for s in doc.statement : s.sid]) }) == jsonencode({ http = ["CountDailyImages", "FalKey", "IdempotencyKeys", "OwnLogs", "ReadJobEnds"], remix = ["CountDailyImages", "FailureDestination", "FalKey", "IdempotencyKeys", "OwnLogs"], s3 = ["Claims", "CountDailyImages", "DrainUploadQueue", "FalKey", "OwnLogs", "ReadUploads", "SeeMissingClaims", "WriteResults"], webhook = ["Claims", "FalKey", "OwnLogs", "ReadUploads", "RecordJobEnds", "SeeMissingClaims", "WriteResults"] })
    error_message = "statements by role: ${jsonencode({ for role, doc in data.aws_iam_policy_document.function : role => [for s in doc.statement : s.sid] })}"
  }
  assert {
    condition     = alltrue([for role, doc in data.aws_iam_policy_document.function : alltrue([for s in doc.statement : coalesce(s.effect, "Allow") == "Allow" && alltrue([for a in s.actions : a != "*" && !endswith(a, ":*")]) && alltrue([for r in s.resources : r != "*"])])])
    error_message = "no wildcard action or resource in any role"
  }
  assert {
    condition     = alltrue([for role, doc in data.aws_iam_policy_document.function : one([for s in doc.statement : s if s.sid == "OwnLogs"]).resources == toset(["${aws_cloudwatch_log_group.function[role].arn}:*"]) && one([for s in doc.statement : s if s.sid == "OwnLogs"]).actions == toset(["logs:CreateLogStream", "logs:PutLogEvents"])])
    error_message = "each function writes its own log group only"
  }
  assert {
    condition     = alltrue([for role, doc in data.aws_iam_policy_document.function : one([for s in doc.statement : s if s.sid == "FalKey"]).resources == toset([aws_secretsmanager_secret.fal_key.arn]) && one([for s in doc.statement : s if s.sid == "FalKey"]).actions == toset(["secretsmanager:GetSecretValue"])])
    error_message = "each function reads the one secret, nothing else of Secrets Manager"
  }
  assert {
    condition     = alltrue([for role, doc in data.aws_iam_policy_document.function : one([for s in doc.statement : s if s.sid == "CountDailyImages"]).resources == toset([aws_dynamodb_table.usage[0].arn]) && one([for s in doc.statement : s if s.sid == "CountDailyImages"]).actions == toset(["dynamodb:UpdateItem"]) if role != "webhook"])
    error_message = "each function raises the daily count with UpdateItem on the one table"
  }
  # Idempotency keys: the item actions on the usage table, for items under "idem#" only.
  assert {
    condition     = alltrue([for role in ["http", "remix"] : one([for s in data.aws_iam_policy_document.function[role].statement : s if s.sid == "IdempotencyKeys"]).actions == toset(["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"])])
    error_message = "idempotency keys: the item actions"
  }
  assert {
    condition     = alltrue([for role in ["http", "remix"] : one([for s in data.aws_iam_policy_document.function[role].statement : s if s.sid == "IdempotencyKeys"]).resources == toset([aws_dynamodb_table.usage[0].arn])])
    error_message = "idempotency keys: on the usage table only"
  }
  assert {
    condition     = alltrue([for role in ["http", "remix"] : jsonencode([for c in one([for s in data.aws_iam_policy_document.function[role].statement : s if s.sid == "IdempotencyKeys"]).condition : [c.test, c.variable, c.values]]) == jsonencode([["ForAllValues:StringLike", "dynamodb:LeadingKeys", ["idem#*"]]])])
    error_message = "idempotency keys: items under idem# only"
  }
  assert {
    condition     = one([for s in data.aws_iam_policy_document.function["remix"].statement : s if s.sid == "FailureDestination"]).resources == toset([aws_sqs_queue.failures[0].arn]) && one([for s in data.aws_iam_policy_document.function["remix"].statement : s if s.sid == "FailureDestination"]).actions == toset(["sqs:SendMessage"])
    error_message = "the direct function sends failed events to the failure queue"
  }
  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "ReadUploads"]).actions == toset(["s3:GetObject", "s3:GetObjectVersion"]) &&
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "ReadUploads"]).resources == toset(["${aws_s3_bucket.uploads[0].arn}/jobs/*", "${aws_s3_bucket.uploads[0].arn}/inputs/*", "${aws_s3_bucket.uploads[0].arn}/references/*"])
    )
    error_message = "the S3 function reads job files, inputs and references"
  }
  # Results are written, never read (a presigned URL made with the role cannot hand fal another upload's result), and
  # nothing is ever written under a prefix that notifies the queue: that would run, and bill, the function in a loop.
  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "WriteResults"]).actions == toset(["s3:PutObject", "s3:DeleteObject"]) &&
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "WriteResults"]).resources == toset(["${aws_s3_bucket.uploads[0].arn}/results/*"]) &&
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "Claims"]).actions == toset(["s3:PutObject", "s3:GetObject"]) &&
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "Claims"]).resources == toset(["${aws_s3_bucket.uploads[0].arn}/claims/*"])
    )
    error_message = "the S3 function writes results and claims only"
  }
  assert {
    condition = alltrue(flatten([for role, doc in data.aws_iam_policy_document.function : [
      for s in doc.statement : [
        for r in s.resources : !anytrue([for a in s.actions : startswith(a, "s3:Put") || startswith(a, "s3:Delete")]) || !anytrue([for p in ["jobs/", "inputs/", "references/"] : startswith(r, "${aws_s3_bucket.uploads[0].arn}/${p}")])
      ]
    ]]))
    error_message = "a role may write under a prefix that triggers the function"
  }
  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "DrainUploadQueue"]).actions == toset(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]) &&
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "DrainUploadQueue"]).resources == toset([aws_sqs_queue.uploads[0].arn])
    )
    error_message = "the S3 function drains the upload queue, as AWS lists for an SQS event source"
  }
  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "SeeMissingClaims"]).actions == toset(["s3:ListBucket"]) &&
      one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "SeeMissingClaims"]).resources == toset([aws_s3_bucket.uploads[0].arn]) &&
      jsonencode([for c in one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == "SeeMissingClaims"]).condition : [c.test, c.variable, c.values]]) == jsonencode([["StringLike", "s3:prefix", ["claims/*"]]]) &&
      # fal's webhook deliveries finish uploads as the S3 function does (whichever takes the claim first): the same
      # rights on uploads, results and claims, and nothing of the queue.
      alltrue([for sid in ["ReadUploads", "WriteResults", "Claims"] : jsonencode(one([for s in data.aws_iam_policy_document.function["webhook"].statement : s if s.sid == sid])) == jsonencode(one([for s in data.aws_iam_policy_document.function["s3"].statement : s if s.sid == sid]))]) &&
      one([for s in data.aws_iam_policy_document.function["webhook"].statement : s if s.sid == "Claims"]).resources == toset(["${aws_s3_bucket.uploads[0].arn}/claims/*"]) &&
      jsonencode([for c in one([for s in data.aws_iam_policy_document.function["webhook"].statement : s if s.sid == "SeeMissingClaims"]).condition : [c.test, c.variable, c.values]]) == jsonencode([["StringLike", "s3:prefix", ["claims/*"]]])
    )
    error_message = "ListBucket is limited to the claims prefix"
  }
  assert {
    condition     = alltrue([for role, p in aws_iam_role_policy.function : p.role == aws_iam_role.function[role].id])
    error_message = "each role carries its own policy"
  }
  assert {
    condition     = length(aws_iam_role_policy_attachment.xray) == 0
    error_message = "no X-Ray permissions without tracing_mode Active"
  }
}

run "a_customer_managed_key_is_usable_by_every_role_and_encrypts_everything" {
  command = plan

  variables {
    kms_key_arn          = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    tracing_mode         = "Active"
    role_path            = "/service/"
    permissions_boundary = "arn:aws:iam::123456789012:policy/deployer-boundary"
  }

  assert {
    condition     = alltrue([for role, doc in data.aws_iam_policy_document.function : one([for s in doc.statement : s if s.sid == "UseKey"]).actions == toset(["kms:Decrypt", "kms:GenerateDataKey"]) && one([for s in doc.statement : s if s.sid == "UseKey"]).resources == toset([var.kms_key_arn])])
    error_message = "every role may decrypt and generate data keys with the key, nothing more"
  }
  assert {
    condition = (
      alltrue([for g in aws_cloudwatch_log_group.function : g.kms_key_id == var.kms_key_arn]) &&
      aws_cloudwatch_log_group.api[0].kms_key_id == var.kms_key_arn &&
      alltrue([for f in aws_lambda_function.this : f.kms_key_arn == var.kms_key_arn && f.tracing_config[0].mode == "Active"]) &&
      aws_secretsmanager_secret.fal_key.kms_key_id == var.kms_key_arn &&
      aws_sns_topic.alarms.kms_master_key_id == var.kms_key_arn &&
      alltrue([for q in [aws_sqs_queue.uploads[0], aws_sqs_queue.uploads_dead_letters[0], aws_sqs_queue.failures[0]] : q.kms_master_key_id == var.kms_key_arn && q.sqs_managed_sse_enabled != true]) &&
      one(aws_s3_bucket_server_side_encryption_configuration.uploads[0].rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms" &&
      one(aws_s3_bucket_server_side_encryption_configuration.uploads[0].rule).apply_server_side_encryption_by_default[0].kms_master_key_id == var.kms_key_arn
    )
    error_message = "everything is encrypted with the customer-managed key"
  }
  assert {
    condition     = alltrue([for r in aws_iam_role.function : r.path == "/service/" && r.permissions_boundary == var.permissions_boundary])
    error_message = "roles take the path and the permissions boundary"
  }
  assert {
    condition     = toset([for a in aws_iam_role_policy_attachment.xray : a.policy_arn]) == toset(["arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"]) && length(aws_iam_role_policy_attachment.xray) == 4
    error_message = "tracing_mode Active gives every role X-Ray's write access"
  }
}

run "without_a_key_of_yours_nothing_asks_for_kms" {
  command = plan

  assert {
    condition     = alltrue([for role, doc in data.aws_iam_policy_document.function : length([for s in doc.statement : s if s.sid == "UseKey"]) == 0])
    error_message = "no KMS statement without kms_key_arn"
  }
  assert {
    condition     = alltrue([for q in [aws_sqs_queue.uploads[0], aws_sqs_queue.uploads_dead_letters[0], aws_sqs_queue.failures[0]] : q.sqs_managed_sse_enabled == true && q.kms_master_key_id == null])
    error_message = "queues are encrypted with SQS-managed keys"
  }
}
