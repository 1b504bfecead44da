# The functions: which runtime and package each gets, SnapStart, the alias every trigger calls, concurrency, deadlines,
# what their environment holds.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  http_zip_path   = "tests/fixtures/jvm-function.zip"
  events_zip_path = "tests/fixtures/jvm-function.zip"
}

run "the_default_is_the_jvm_build_with_snapstart_behind_a_live_alias" {
  command = plan

  variables {
    fal_key            = "key-id:key-secret"
    fal_key_version    = 1
    log_retention_days = 14
    log_level          = "WARN"
    functions          = { remix = { timeout = 120 }, s3 = { timeout = 600 } }
  }

  assert {
    condition     = keys(aws_lambda_function.this) == ["http", "remix", "s3", "webhook"]
    error_message = "four functions by default (the webhook function comes with the http and s3 triggers): ${jsonencode(keys(aws_lambda_function.this))}"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.runtime == "java25" && f.handler == "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"])
    error_message = "runtime/handler: ${jsonencode({ for k, f in aws_lambda_function.this : k => [f.runtime, f.handler] })}"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : length(f.snap_start) == 1 && f.snap_start[0].apply_on == "PublishedVersions" && f.publish])
    error_message = "every JVM function gets SnapStart on published versions"
  }
  assert {
    condition     = alltrue([for k, a in aws_lambda_alias.live : a.name == "live" && a.function_name == aws_lambda_function.this[k].function_name && a.function_version == aws_lambda_function.this[k].version])
    error_message = "the live alias must point at the published version"
  }
  # AWS keeps 100 of an account's concurrency unreserved and new accounts may have 10 in all: a reservation by default
  # would fail the first apply.
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.reserved_concurrent_executions == null || f.reserved_concurrent_executions == -1])
    error_message = "reserved by default: ${jsonencode({ for k, f in aws_lambda_function.this : k => f.reserved_concurrent_executions })}"
  }
  assert {
    condition     = aws_lambda_function.this["remix"].environment[0].variables.REMIX_JOB_DEADLINE == "PT100S" && aws_lambda_function.this["s3"].environment[0].variables.REMIX_JOB_DEADLINE == "PT580S"
    error_message = "job deadline = timeout - 20 s, time to cancel the fal job and report"
  }
  assert {
    condition     = !contains(keys(aws_lambda_function.this["http"].environment[0].variables), "REMIX_JOB_DEADLINE")
    error_message = "the HTTP function waits by REMIX_HTTP_WAIT_FOR, not a job deadline"
  }
  assert {
    condition     = aws_lambda_function.this["s3"].environment[0].variables.REMIX_S3_CLAIM_LEASE == "PT660S"
    error_message = "claim lease = timeout + 60 s"
  }
  assert {
    condition     = { for k, f in aws_lambda_function.this : k => f.timeout } == { http = 30, remix = 120, s3 = 600, webhook = 60 }
    error_message = "timeouts: ${jsonencode({ for k, f in aws_lambda_function.this : k => f.timeout })}"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.environment[0].variables.FAL_KEY_SECRET_ARN == aws_secretsmanager_secret.fal_key.arn])
    error_message = "every function reads the key from the secret named by FAL_KEY_SECRET_ARN"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : alltrue([for v in values(f.environment[0].variables) : !strcontains(v, "key-secret")])])
    error_message = "the key is in a function's environment ${jsonencode([for f in aws_lambda_function.this : [for k, v in f.environment[0].variables : k if !can(length(v))]])}"
  }
  assert {
    condition     = { for k, f in aws_lambda_function.this : k => lookup(f.environment[0].variables, "QUARKUS_LAMBDA_HANDLER", "") } == { http = "", remix = "remix", s3 = "s3", webhook = "webhook" }
    error_message = "the event zip's three handlers are chosen by QUARKUS_LAMBDA_HANDLER: remix, s3 and webhook"
  }
  assert {
    condition     = alltrue([for k, f in aws_lambda_function.this : f.logging_config[0].log_group == aws_cloudwatch_log_group.function[k].name && f.logging_config[0].log_format == "JSON" && f.logging_config[0].application_log_level == "WARN"])
    error_message = "each function logs JSON lines to its own group, filtered at log_level"
  }
  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.function : g.retention_in_days == 14]) && aws_cloudwatch_log_group.api[0].retention_in_days == 14
    error_message = "every log group expires after log_retention_days"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.tracing_config[0].mode == "PassThrough" && f.kms_key_arn == null])
    error_message = "tracing and environment encryption defaults"
  }
}

run "java17_and_java21_stop_the_jit_at_c1_as_lambda_does" {
  command = plan

  variables {
    java_runtime = "java21"
  }

  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.runtime == "java21" && f.environment[0].variables.JAVA_TOOL_OPTIONS == "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"])
    error_message = "java21 functions"
  }
}

run "native_runs_bootstrap_on_provided_al2023_without_snapstart" {
  command = plan

  variables {
    runtime_mode    = "native"
    architecture    = "arm64"
    http_zip_path   = "tests/fixtures/native-function.zip"
    events_zip_path = "tests/fixtures/native-function.zip"
  }

  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.runtime == "provided.al2023" && f.handler == "bootstrap" && length(f.snap_start) == 0 && one(f.architectures) == "arm64"])
    error_message = "native functions: ${jsonencode({ for k, f in aws_lambda_function.this : k => [f.runtime, f.handler, f.snap_start] })}"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.environment[0].variables.DISABLE_SIGNAL_HANDLERS == "true"])
    error_message = "a native executable under Lambda runs without the JVM's signal handlers"
  }
}

run "a_native_zip_in_jvm_mode_fails_at_plan" {
  command = plan

  variables {
    http_zip_path = "tests/fixtures/native-function.zip"
  }

  expect_failures = [aws_lambda_function.this["http"]]
}

run "a_jvm_zip_in_native_mode_fails_at_plan" {
  command = plan

  variables {
    runtime_mode    = "native"
    http_zip_path   = "tests/fixtures/native-function.zip"
    events_zip_path = "tests/fixtures/jvm-function.zip"
  }

  expect_failures = [aws_lambda_function.this["remix"], aws_lambda_function.this["s3"], aws_lambda_function.this["webhook"]]
}

run "reserved_concurrency_when_asked" {
  command = plan

  variables {
    fal_concurrency = 4
    functions       = { http = { reserved_concurrency = 3 }, remix = { reserved_concurrency = 2 }, s3 = { reserved_concurrency = 4 } }
  }

  assert {
    condition     = { for k, f in aws_lambda_function.this : k => f.reserved_concurrent_executions if k != "webhook" } == { http = 3, remix = 2, s3 = 4 } && aws_lambda_function.this["webhook"].reserved_concurrent_executions == null
    error_message = "reserved: ${jsonencode({ for k, f in aws_lambda_function.this : k => f.reserved_concurrent_executions })}"
  }
}

run "a_per_caller_limit_alone_counts_in_the_usage_table" {
  command = plan

  variables {
    spend_limits = { max_images_per_caller_per_day = 20 }
  }

  assert {
    condition     = length(aws_dynamodb_table.usage) == 1
    error_message = "a per-caller limit needs the table that counts the images"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.environment[0].variables.REMIX_LIMITS_MAX_IMAGES_PER_CALLER_PER_DAY == "20" && contains(keys(f.environment[0].variables), "REMIX_LIMITS_USAGE_TABLE")])
    error_message = "every function enforces the per-caller limit, counted in the table"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : !contains(keys(f.environment[0].variables), "REMIX_LIMITS_MAX_IMAGES_PER_DAY")])
    error_message = "no account-wide daily limit was asked for"
  }
}

run "idempotency_keys_go_to_the_answering_functions_only" {
  command = plan

  assert {
    condition     = length(aws_dynamodb_table.usage) == 1
    error_message = "idempotency keys are kept in the usage table, created for them"
  }
  assert {
    condition     = alltrue([for role in ["http", "remix"] : aws_lambda_function.this[role].environment[0].variables.REMIX_IDEMPOTENCY_TABLE == aws_dynamodb_table.usage[0].name && aws_lambda_function.this[role].environment[0].variables.REMIX_IDEMPOTENCY_TTL == "PT24H"])
    error_message = "the HTTP and direct functions keep keys for 24 h by default"
  }
  assert {
    condition     = !contains(keys(aws_lambda_function.this["s3"].environment[0].variables), "REMIX_IDEMPOTENCY_TABLE")
    error_message = "S3 uploads have their claims, not idempotency keys"
  }
}

run "without_idempotency_keys_limits_or_the_http_api_there_is_no_table" {
  command = plan

  variables {
    idempotency = { enabled = false }
    triggers    = ["direct", "s3"]
  }

  assert {
    condition     = length(aws_dynamodb_table.usage) == 0 && alltrue([for f in aws_lambda_function.this : !contains(keys(f.environment[0].variables), "REMIX_IDEMPOTENCY_TABLE")])
    error_message = "nothing to keep, no table"
  }
}

run "without_idempotency_keys_the_http_apis_table_keeps_only_job_ends" {
  command = plan

  variables {
    idempotency = { enabled = false }
  }

  assert {
    condition     = length(aws_dynamodb_table.usage) == 1 && alltrue([for f in aws_lambda_function.this : !contains(keys(f.environment[0].variables), "REMIX_IDEMPOTENCY_TABLE")])
    error_message = "the HTTP jobs' ends need the table; idempotency keys stay off"
  }
}
