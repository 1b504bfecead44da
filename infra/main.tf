locals {
  native = var.runtime_mode == "native"

  # The functions of the triggers asked for: http -> http, direct -> remix, s3 -> s3.
  # The webhook function receives fal's webhooks on the HTTP API, for the HTTP jobs and the S3 uploads' jobs.
  function_triggers = { http = ["http"], remix = ["direct"], s3 = ["s3"], webhook = ["http"] }
  functions         = { for role, function in local.all_functions : role => function if length(setsubtract(local.function_triggers[role], var.triggers)) == 0 && (role != "webhook" || local.webhooks_enabled) }
  api_enabled       = contains(var.triggers, "http")
  uploads_enabled   = contains(var.triggers, "s3")
  # The webhook function is the events zip's: an HTTP API deployed without it keeps asking fal on each GET.
  webhooks_enabled = local.api_enabled && var.events_zip_path != null
  # fal's webhook route, which the HTTP and S3 functions' submits name.
  webhook_environment = local.webhooks_enabled ? {
    REMIX_WEBHOOK_URL = "${aws_apigatewayv2_api.this[0].api_endpoint}/v1/fal/webhook"
  } : {}
  # The HTTP jobs' ends, as fal's webhooks report them, are recorded in the usage table ("end#<fal request id>"), so a
  # GET of a finished job needs no call to fal.
  job_ends_environment = local.webhooks_enabled ? {
    REMIX_JOB_ENDS_TABLE = aws_dynamodb_table.usage[0].name
  } : {}

  # Where the upload bucket's layout is, for the functions that read or write it.
  uploads_environment = {
    REMIX_S3_JOB_PREFIX       = var.prefixes.jobs
    REMIX_S3_INPUT_PREFIX     = var.prefixes.inputs
    REMIX_S3_RESULT_PREFIX    = var.prefixes.results
    REMIX_S3_CLAIM_PREFIX     = var.prefixes.claims
    REMIX_S3_REFERENCE_PREFIX = var.prefixes.references
  }

  # The two packages of the Maven build: the HTTP API, and the event functions (one zip, two handlers).
  all_functions = {
    # The HTTP function's wait is REMIX_HTTP_WAIT_FOR (25 s) within its own timeout; the job deadline does not apply.
    http = {
      description          = "Character remix HTTP API (API Gateway HTTP API, payload 2.0)"
      zip                  = var.http_zip_path
      memory_size          = var.functions.http.memory_size
      timeout              = var.functions.http.timeout
      reserved_concurrency = var.functions.http.reserved_concurrency
      environment          = merge(local.idempotency_environment, local.webhook_environment, local.job_ends_environment)
    }
    # The event functions get a job deadline that leaves them 20 s to cancel the fal job and report.
    remix = {
      description          = "Character remix, direct invocation: the event is fal's remix request"
      zip                  = var.events_zip_path
      memory_size          = var.functions.remix.memory_size
      timeout              = var.functions.remix.timeout
      reserved_concurrency = var.functions.remix.reserved_concurrency
      environment = merge(local.idempotency_environment, {
        QUARKUS_LAMBDA_HANDLER = "remix"
        REMIX_JOB_DEADLINE     = "PT${var.functions.remix.timeout - 20}S"
      })
    }
    s3 = {
      description = "Character remix of uploads to the ${var.name} upload bucket"
      zip         = var.events_zip_path
      memory_size = var.functions.s3.memory_size
      timeout     = var.functions.s3.timeout
      # When set, at least the event source mapping's maximum concurrency (a variable validation), as AWS advises.
      reserved_concurrency = var.functions.s3.reserved_concurrency
      environment = merge(
        local.uploads_environment,
        {
          QUARKUS_LAMBDA_HANDLER = "s3"
          REMIX_JOB_DEADLINE     = "PT${var.functions.s3.timeout - 20}S"
          # Claims name their holder's end; the lease only covers a holder that could not tell it.
          REMIX_S3_CLAIM_LEASE = "PT${var.functions.s3.timeout + 60}S"
        },
        # With the HTTP API, each submit asks fal to post the job's end to the webhook route: a job whose submit's
        # answer was lost still has its images kept.
        local.webhook_environment,
        # "webhook": submit and return; fal's webhook (or the message's next delivery) writes the result.
        local.webhooks_enabled ? { REMIX_S3_COMPLETION = var.upload_completion } : {},
        var.s3_prompt == null ? {} : { REMIX_S3_PROMPT = var.s3_prompt },
        var.s3_reference_image == null ? {} : { REMIX_S3_REFERENCE_IMAGE = var.s3_reference_image },
      )
    }
    # fal's webhook deliveries: checked; an HTTP job's end recorded; an upload's result written when no delivery of the
    # queue is on it (whichever takes the claim first), or the images kept when no delivery claims the job.
    webhook = {
      description          = "Character remix: fal's webhook deliveries for the ${var.name} jobs"
      zip                  = var.events_zip_path
      memory_size          = var.functions.webhook.memory_size
      timeout              = var.functions.webhook.timeout
      reserved_concurrency = var.functions.webhook.reserved_concurrency
      environment = merge(local.uploads_enabled ? local.uploads_environment : {}, local.job_ends_environment, {
        QUARKUS_LAMBDA_HANDLER = "webhook"
      })
    }
  }

  # Functions whose events arrive asynchronously (direct calls with InvocationType=Event) and so need retries and an
  # on-failure destination. The S3 function is fed by the upload queue, which has its own dead-letter queue.
  async_functions = toset([for role in ["remix"] : role if contains(keys(local.functions), role)])

  # Read by every function: the key's secret (never the key) and fal's address.
  common_environment = merge(
    {
      FAL_KEY_SECRET_ARN = aws_secretsmanager_secret.fal_key.arn
      FAL_QUEUE_URL      = var.fal_queue_url
      # What one request may spend, checked before fal by every trigger.
      REMIX_LIMITS_RENDERING_SPEEDS       = join(",", var.spend_limits.rendering_speeds)
      REMIX_LIMITS_MAX_IMAGES_PER_REQUEST = tostring(var.spend_limits.max_images_per_request)
      # Job metrics (EMF on standard output) and the prices behind the spend estimate.
      REMIX_METRICS_NAMESPACE      = local.metrics_namespace
      REMIX_METRICS_PRICE_TURBO    = tostring(var.metrics.price_per_image.turbo)
      REMIX_METRICS_PRICE_BALANCED = tostring(var.metrics.price_per_image.balanced)
      REMIX_METRICS_PRICE_QUALITY  = tostring(var.metrics.price_per_image.quality)
    },
    local.daily_limit ? {
      REMIX_LIMITS_USAGE_TABLE = aws_dynamodb_table.usage[0].name
    } : {},
    var.spend_limits.max_images_per_day == null ? {} : {
      REMIX_LIMITS_MAX_IMAGES_PER_DAY = tostring(var.spend_limits.max_images_per_day)
    },
    var.spend_limits.max_images_per_caller_per_day == null ? {} : {
      REMIX_LIMITS_MAX_IMAGES_PER_CALLER_PER_DAY = tostring(var.spend_limits.max_images_per_caller_per_day)
    },
    # JVM: java17/java21 stop the JIT at C1, as Lambda does for them by default; on java25 with SnapStart Lambda keeps the
    # JVM's full tiered compilation, which runs during priming before the snapshot, off the invocation path.
    local.native ? { DISABLE_SIGNAL_HANDLERS = "true" } : var.java_runtime == "java25" ? {} : { JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" },
  )
}

################################################################################
# Lambda functions
################################################################################

resource "aws_cloudwatch_log_group" "function" {
  for_each = local.functions

  name              = "/aws/lambda/${var.name}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

################################################################################
# Which build a zip holds. A JVM zip is Quarkus's runner jar plus lib/: its entries include the generated
# application class. A native zip holds the `bootstrap` executable only. The names of a zip's entries are stored
# uncompressed, so the name shows in the file's base64 text at one of three alignments.
################################################################################

locals {
  jvm_marker = "io/quarkus/runner/ApplicationImpl"
  # The marker's base64 at each byte alignment, cut to the characters no neighbouring byte changes.
  jvm_marker_base64 = [for pad in ["", "-", "--"] : substr(
    base64encode("${pad}${local.jvm_marker}"),
    length(pad) == 0 ? 0 : 4,
    floor((length(local.jvm_marker) - (length(pad) == 0 ? 0 : 3 - length(pad))) / 3) * 4,
  )]
  # Each zip read once (a zip is tens of megabytes), then searched for the marker at each alignment.
  zip_base64 = { for zip in distinct([for f in values(local.functions) : f.zip]) : zip => filebase64(zip) }
  zip_is_jvm = { for zip, text in local.zip_base64 : zip => anytrue([for m in local.jvm_marker_base64 : strcontains(text, m)]) }
}

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name    = "${var.name}-${each.key}"
  description      = each.value.description
  role             = aws_iam_role.function[each.key].arn
  filename         = each.value.zip
  source_code_hash = filebase64sha256(each.value.zip)
  architectures    = [var.architecture]
  memory_size      = each.value.memory_size
  timeout          = each.value.timeout
  publish          = true

  # Quarkus's stream handler in JVM mode; a native bootstrap ignores the handler string.
  runtime = local.native ? "provided.al2023" : var.java_runtime
  handler = local.native ? "bootstrap" : "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"

  # The spend guard: no function runs more copies at once than this, however many events arrive.
  reserved_concurrent_executions = each.value.reserved_concurrency

  # Environment variables (which hold no secret) encrypted with the customer-managed key when one is given.
  kms_key_arn = var.kms_key_arn

  environment {
    variables = merge(local.common_environment, each.value.environment)
  }

  tags = var.tags

  tracing_config {
    mode = var.tracing_mode
  }

  dynamic "snap_start" {
    for_each = local.native ? [] : [1]
    content {
      apply_on = "PublishedVersions"
    }
  }

  # The functions write one JSON object a line; Lambda then filters them by their level.
  logging_config {
    log_format            = "JSON"
    application_log_level = var.log_level
    system_log_level      = "WARN"
    log_group             = aws_cloudwatch_log_group.function[each.key].name
  }

  # The log group must exist (with its retention) before the first invocation, or Lambda creates one that never
  # expires; the role's policy must be in place before the function can use it.
  depends_on = [
    aws_cloudwatch_log_group.function,
    aws_iam_role_policy.function,
  ]

  lifecycle {
    precondition {
      condition     = local.zip_is_jvm[each.value.zip] == !local.native
      error_message = "runtime_mode is \"${var.runtime_mode}\" but ${each.value.zip} holds a ${local.zip_is_jvm[each.value.zip] ? "JVM" : "native"} build: build with ${local.native ? "./mvnw package -Dnative" : "./mvnw package (without -Dnative)"}, or set runtime_mode = \"${local.native ? "jvm" : "native"}\"."
    }
  }
}

# Triggers call the alias, so SnapStart's published version is what runs.
resource "aws_lambda_alias" "live" {
  for_each = local.functions

  name             = "live"
  function_name    = aws_lambda_function.this[each.key].function_name
  function_version = aws_lambda_function.this[each.key].version
}
