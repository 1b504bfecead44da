# Every configuration mistake fails the plan with a message naming the input. A run breaks one rule of each input it
# lists, so a rule that stops holding fails its run.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  http_zip_path   = "tests/fixtures/jvm-function.zip"
  events_zip_path = "tests/fixtures/jvm-function.zip"
}

run "first_rule_of_each_input" {
  command = plan

  variables {
    name                        = "Character_Remix"
    role_path                   = "service"
    permissions_boundary        = "deployer-boundary"
    java_runtime                = "java11"
    architecture                = "sparc"
    spend_limits                = { rendering_speeds = ["FAST"] }
    metrics                     = { namespace = "AWS/Lambda" }
    alarm_thresholds            = { daily_spend_usd = 0 }
    tracing_mode                = "Always"
    kms_key_arn                 = "alias/my-key"
    log_level                   = "VERBOSE"
    log_retention_days          = 2
    fal_key_version             = 0
    secret_recovery_window_days = 3
    api_authorization           = "COGNITO"
    cors_allowed_origins        = ["https://app.example.com/page"]
    prefixes                    = { jobs = "jobs" }
    fal_concurrency             = 1
    upload_batch_size           = 11
    upload_max_receive_count    = 0
    claim_expiration_days       = 0
    noncurrent_version_days     = 0
    async_retries               = 3
    async_max_event_age_seconds = 30
    failure_retention_seconds   = 1209601
    alarm_email                 = "ops"
  }

  expect_failures = [
    var.name, var.role_path, var.permissions_boundary, var.java_runtime, var.architecture,
    var.spend_limits, var.metrics, var.alarm_thresholds, var.tracing_mode, var.kms_key_arn, var.log_level,
    var.log_retention_days, var.fal_key_version, var.secret_recovery_window_days, var.api_authorization,
    var.cors_allowed_origins, var.prefixes, var.fal_concurrency, var.upload_batch_size,
    var.upload_max_receive_count, var.claim_expiration_days, var.noncurrent_version_days,
    var.async_retries, var.async_max_event_age_seconds, var.failure_retention_seconds, var.alarm_email,
  ]
}

# Rules that read other inputs are only judged when those inputs are valid: these get a run of their own.
run "first_rule_of_inputs_that_read_others" {
  command = plan

  variables {
    functions                = { http = { timeout = 31 } } # above API Gateway's 30 s
    jwt_authorizer           = { issuer = "http://auth.example.com", audience = ["web"] }
    upload_retention_seconds = 30
  }

  expect_failures = [var.functions, var.jwt_authorizer, var.upload_retention_seconds]
}

run "second_rule_of_each_input" {
  command = plan

  variables {
    functions                = { remix = { timeout = 30 } } # leaves no job deadline
    spend_limits             = { max_images_per_request = 9 }
    metrics                  = { price_per_image = { turbo = -1 } }
    alarm_thresholds         = { failure_ratio_percent = 101 }
    api_authorization        = "JWT" # without jwt_authorizer
    prefixes                 = { results = "jobs/results/" }
    upload_retention_seconds = 1209600 # not below the dead-letter queue's retention
  }

  expect_failures = [
    var.functions, var.spend_limits, var.metrics, var.alarm_thresholds, var.jwt_authorizer, var.prefixes,
    var.upload_retention_seconds,
  ]
}

run "third_rule_of_each_input" {
  command = plan

  variables {
    functions        = { s3 = { memory_size = 64 } }
    spend_limits     = { max_images_per_day = 2.5 }
    alarm_thresholds = { fal_queue_wait_p90_seconds = 0 }
  }

  expect_failures = [var.functions, var.spend_limits, var.alarm_thresholds]
}

run "fourth_rule_of_functions" {
  command = plan

  variables {
    functions = { http = { reserved_concurrency = 0 } }
  }

  expect_failures = [var.functions]
}

run "the_s3_function_reserves_at_least_fal_concurrency" {
  command = plan

  variables {
    fal_concurrency = 10
    functions       = { s3 = { reserved_concurrency = 9 } }
  }

  expect_failures = [var.functions]
}

run "unknown_triggers_and_runtime_modes_are_refused" {
  command = plan

  variables {
    triggers     = ["http", "ftp"]
    runtime_mode = "graal"
  }

  expect_failures = [var.triggers, var.runtime_mode]
}

run "a_trigger_needs_its_zip" {
  command = plan

  variables {
    http_zip_path   = null
    events_zip_path = null
  }

  expect_failures = [var.http_zip_path, var.events_zip_path]
}

run "per_caller_limit_is_a_whole_number" {
  command = plan

  variables {
    spend_limits = { max_images_per_caller_per_day = 0 }
  }

  expect_failures = [var.spend_limits]
}

run "idempotency_ttl_is_whole_hours_up_to_a_month" {
  command = plan

  variables {
    idempotency = { ttl_hours = 0.5 }
  }

  expect_failures = [var.idempotency]
}
