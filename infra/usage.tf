################################################################################
# The daily image limits: one counter per UTC day shared by every function, and one per caller and day
################################################################################

locals {
  daily_limit       = var.spend_limits.max_images_per_day != null || var.spend_limits.max_images_per_caller_per_day != null
  metrics_namespace = coalesce(var.metrics.namespace, var.name)
  # Idempotency keys belong to the triggers that answer (HTTP API, direct invocation); S3 uploads have their claims.
  idempotency = var.idempotency.enabled && (contains(var.triggers, "http") || contains(var.triggers, "direct"))
  # With the HTTP API, the table also records the HTTP jobs' ends reported by fal's webhooks.
  usage_table = local.daily_limit || local.idempotency || local.api_enabled
  # The HTTP and direct functions keep their callers' idempotency keys in the usage table ("idem#<caller>#<key hash>").
  idempotency_environment = local.idempotency ? {
    REMIX_IDEMPOTENCY_TABLE = aws_dynamodb_table.usage[0].name
    REMIX_IDEMPOTENCY_TTL   = "PT${var.idempotency.ttl_hours}H"
  } : {}
}

# One item per day ("images#2026-11-26") and per caller and day ("images#2026-11-26#jwt:<hash>"), raised by a conditional UpdateItem before each submit; DynamoDB's TTL
# removes it days later. On demand: a few writes per job, nothing to provision.
resource "aws_dynamodb_table" "usage" {
  count = local.usage_table ? 1 : 0

  name         = "${var.name}-usage"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  server_side_encryption {
    enabled     = var.kms_key_arn != null
    kms_key_arn = var.kms_key_arn
  }

  tags = var.tags
}
