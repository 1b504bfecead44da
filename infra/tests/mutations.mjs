// The tests are only worth what they catch. Each seeded breakage below, one a reviewer would reject, is applied to a
// copy of infra/ and must make Terraform fail: the one `terraform test` run named beside it (its file's providers and
// variables, that run alone), `terraform validate` for what is not Terraform at all, or, for what Terraform cannot
// see, code.test.mjs. terraform.test.mjs runs them once the same runs have passed on the unchanged copy.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { terraform } from './terraform.mjs';

const here = dirname(fileURLToPath(import.meta.url));

// [file, text, replacement, what it breaks, caught by: [test file, run], 'validate' or 'code']
export const MUTATIONS = [
  // Reviewers' findings on the module as it stood.
  ['iam.tf', 'type        = "Service"\n      identifiers = ["lambda.amazonaws.com"]', 'type        = "AWS"\n      identifiers = ["*"]', 'any AWS principal may assume the roles', ['iam', 'each_role_allows_only_what_its_function_does']],
  ['iam.tf', 'resources = ["${aws_s3_bucket.uploads[0].arn}/${var.prefixes.results}*"]', 'resources = ["${aws_s3_bucket.uploads[0].arn}/${var.prefixes.results}*", "${aws_s3_bucket.uploads[0].arn}/${var.prefixes.jobs}*"]', 'the function may write where it is triggered (a billed loop)', ['iam', 'each_role_allows_only_what_its_function_does']],
  ['api.tf', '  source_arn    = "${aws_apigatewayv2_api.this[0].execution_arn}/*/*"\n', '', 'any API may invoke the function', ['api', 'iam_authorization_and_the_live_alias_by_default']],
  ['api.tf', '{ IAM = "AWS_IAM", JWT = "JWT", NONE = "NONE" }', '{ IAM = "NONE", JWT = "JWT", NONE = "NONE" }', 'IAM authorization mapped to none', ['api', 'iam_authorization_and_the_live_alias_by_default']],
  ['api.tf', 'integration_uri        = aws_lambda_alias.live["http"].invoke_arn', 'integration_uri        = aws_lambda_function.this["http"].invoke_arn', 'the integration calls the unqualified function', ['api', 'iam_authorization_and_the_live_alias_by_default']],
  ['variables.tf', 'var.functions.http.timeout >= 1 && var.functions.http.timeout <= 30', 'var.functions.http.timeout >= 1 && var.functions.http.timeout <= 60', 'an HTTP timeout above API Gateway\'s 30 s', ['validation', 'first_rule_of_inputs_that_read_others']],
  ['s3.tf', 'prefix = var.prefixes.claims', 'prefix = var.prefixes.results', 'the claims expiry rule on results', ['uploads', 'the_bucket_is_private_tls_only_and_versioned']],
  ['s3.tf', 'resource "aws_s3_bucket_policy" "uploads" {\n  count = local.uploads_enabled ? 1 : 0', 'resource "aws_s3_bucket_policy" "uploads" {\n  count = 0', 'no TLS-only bucket policy', ['uploads', 'the_bucket_is_private_tls_only_and_versioned']],
  ['failures.tf', '  qualifier                    = aws_lambda_alias.live[each.key].name\n', '', 'the async invoke config on $LATEST', ['failures', 'asynchronous_calls_retry_then_land_in_the_failure_queue']],
  ['queue.tf', 'message_retention_seconds = var.failure_retention_seconds', 'message_retention_seconds = var.upload_retention_seconds', 'dead letters kept no longer than uploads', ['uploads', 'the_queue_paces_the_function_and_keeps_every_failed_upload']],
  ['secrets.tf', 'count = var.fal_key_version == null ? 0 : 1', 'count = var.fal_key == null ? 0 : 1', 'a count derived from an ephemeral value', 'validate'],
  ['variables.tf', 'http    = optional(object({ memory_size = optional(number, 512), timeout = optional(number, 30), reserved_concurrency = optional(number) }), {})', 'http    = optional(object({ memory_size = optional(number, 512), timeout = optional(number, 30), reserved_concurrency = optional(number, 10) }), {})', 'reserved concurrency by default', ['functions', 'the_default_is_the_jvm_build_with_snapstart_behind_a_live_alias']],
  ['iam.tf', 'actions   = ["kms:Decrypt", "kms:GenerateDataKey"]', 'actions   = ["kms:Decrypt"]', 'the roles cannot write with the customer-managed key', ['iam', 'a_customer_managed_key_is_usable_by_every_role_and_encrypts_everything']],
  ['iam.tf', 'for_each = var.kms_key_arn == null ? [] : [1]', 'for_each = []', 'no KMS permissions with a customer-managed key', ['iam', 'a_customer_managed_key_is_usable_by_every_role_and_encrypts_everything']],
  ['variables.tf', 'default     = "jvm"', 'default     = "native"', 'a default runtime mode the build does not make', ['functions', 'the_default_is_the_jvm_build_with_snapstart_behind_a_live_alias']],
  ['main.tf', 'condition     = local.zip_is_jvm[each.value.zip] == !local.native', 'condition     = true', 'a zip of the other mode deployed', ['functions', 'a_native_zip_in_jvm_mode_fails_at_plan']],
  ['usage.tf', '\n  tags = var.tags\n', '\n', 'an untagged resource', ['tags', 'every_taggable_resource_carries_the_tags']],
  ['iam.tf', 'permissions_boundary = var.permissions_boundary', 'permissions_boundary = null', 'the permissions boundary ignored', ['iam', 'a_customer_managed_key_is_usable_by_every_role_and_encrypts_everything']],
  ['main.tf', 'length(setsubtract(local.function_triggers[role], var.triggers)) == 0', 'true', 'functions of triggers not asked for', ['triggers', 'the_http_api_alone']],
  // fal's webhooks: the route stays outside the callers' authorization only for the function that checks signatures.
  ['api.tf', 'authorization_type = "NONE"', 'authorization_type = local.api_authorization_type', 'fal\'s webhook deliveries behind the callers\' authorization', ['api', 'fal_webhooks_reach_the_webhook_function_on_a_route_of_their_own']],
  ['main.tf', 'REMIX_S3_COMPLETION = var.upload_completion', 'REMIX_S3_COMPLETION = "wait"', 'upload_completion ignored', ['api', 'upload_completion_by_webhook_submits_and_returns']],
  ['variables.tf', '(var.upload_completion == "wait" || (contains(var.triggers, "http")', '(var.upload_completion != "x" || (contains(var.triggers, "http")', 'webhook completion without the HTTP API fal posts to', ['api', 'upload_completion_by_webhook_needs_the_http_api']],
  ['main.tf', 'webhook_environment = local.webhooks_enabled ? {', 'webhook_environment = false ? {', 'submits that ask fal for no webhook', ['api', 'fal_webhooks_reach_the_webhook_function_on_a_route_of_their_own']],
  ['main.tf', 'job_ends_environment = local.webhooks_enabled ? {', 'job_ends_environment = false ? {', 'HTTP jobs\' ends never recorded', ['api', 'webhooks_record_http_job_ends_without_the_upload_bucket']],
  ['iam.tf', 'values   = ["end#*"]', 'values   = ["*"]', 'the webhook function may write any item of the usage table', ['api', 'webhooks_record_http_job_ends_without_the_upload_bucket']],
  // Earlier rounds' list.
  ['main.tf', 'publish          = true', 'publish          = false', 'versions not published', ['functions', 'the_default_is_the_jvm_build_with_snapstart_behind_a_live_alias']],
  ['variables.tf', 'default     = "java25"', 'default     = "java2S"', 'a runtime typo', ['functions', 'the_default_is_the_jvm_build_with_snapstart_behind_a_live_alias']],
  ['variables.tf', '["java17", "java21", "java25"], var.java_runtime', '["java11", "java17", "java21", "java25"], var.java_runtime', 'a runtime Lambda no longer offers allowed', ['validation', 'first_rule_of_each_input']],
  ['main.tf', 'function_version = aws_lambda_function.this[each.key].version', 'function_version = "$LATEST"', 'the alias at $LATEST', ['functions', 'the_default_is_the_jvm_build_with_snapstart_behind_a_live_alias']],
  ['main.tf', 'for_each = local.native ? [] : [1]', 'for_each = [1]', 'SnapStart on a native function', ['functions', 'native_runs_bootstrap_on_provided_al2023_without_snapstart']],
  ['main.tf', '  timeout          = each.value.timeout', '  timeoutx         = each.value.timeout', 'an unknown argument', 'validate'],
  ['api.tf', '  qualifier     = aws_lambda_alias.live["http"].name\n', '', 'a permission without the alias', ['api', 'iam_authorization_and_the_live_alias_by_default']],
  ['iam.tf', 'resources = [aws_sqs_queue.uploads[0].arn]', 'resources = [aws_sqs_queue.uploads[0].arnx]', 'an invalid attribute', ['iam', 'each_role_allows_only_what_its_function_does']],
  ['iam.tf', 'actions   = ["secretsmanager:GetSecretValue"]', 'actions   = ["secretsmanager:*"]', 'a wildcard action', ['iam', 'each_role_allows_only_what_its_function_does']],
  ['iam.tf', 'actions   = ["dynamodb:UpdateItem"]', 'actions   = ["dynamodb:PutItem"]', 'the daily count cannot be raised', ['iam', 'each_role_allows_only_what_its_function_does']],
  ['queue.tf', 'function_response_types = ["ReportBatchItemFailures"]', 'function_response_types = []', 'batch item failures off', ['uploads', 'the_queue_paces_the_function_and_keeps_every_failed_upload']],
  ['queue.tf', 'maximum_concurrency = var.fal_concurrency', 'maximum_concurrency = 1000', 'no pacing at fal\'s concurrency', ['uploads', 'the_queue_paces_the_function_and_keeps_every_failed_upload']],
  ['queue.tf', 'values   = [aws_s3_bucket.uploads[0].arn]', 'values   = ["*"]', 'any bucket may send', ['uploads', 'notifications_reach_the_queue_only_from_this_bucket_for_the_trigger_prefixes']],
  ['s3.tf', 'filter_prefix = var.prefixes.jobs', 'filter_prefix = var.prefixes.results', 'notifications for the results prefix', ['uploads', 'notifications_reach_the_queue_only_from_this_bucket_for_the_trigger_prefixes']],
  ['s3.tf', '  block_public_policy     = true', '  block_public_policy     = false', 'a public bucket', ['uploads', 'the_bucket_is_private_tls_only_and_versioned']],
  ['failures.tf', 'destination = aws_sqs_queue.failures[0].arn', 'destination = aws_sqs_queue.failure[0].arn', 'a reference to nothing', 'validate'],
  ['main.tf', '  retention_in_days = var.log_retention_days\n', '', 'logs kept forever', ['functions', 'the_default_is_the_jvm_build_with_snapstart_behind_a_live_alias']],
  ['secrets.tf', '  secret_string_wo         = var.fal_key', '  secret_string            = var.fal_key', 'the key in the state', 'validate'],
  ['main.tf', '  reserved_concurrent_executions = each.value.reserved_concurrency\n', '', 'no spend guard when asked for', ['functions', 'reserved_concurrency_when_asked']],
  ['main.tf', '      environment          = merge(local.idempotency_environment, local.webhook_environment, local.job_ends_environment)', '      environment          = merge(local.idempotency_environment, local.webhook_environment, local.job_ends_environment, { REMIX_JOB_DEADLINE = "PT10S" })', 'a job deadline on the HTTP function', ['functions', 'the_default_is_the_jvm_build_with_snapstart_behind_a_live_alias']],
  ['failures.tf', '  alarm_actions       = local.alarm_actions\n\n  tags = var.tags\n}\n\nresource "aws_cloudwatch_metric_alarm" "api_5xx"', '  alarm_actions       = []\n\n  tags = var.tags\n}\n\nresource "aws_cloudwatch_metric_alarm" "api_5xx"', 'an alarm that notifies nobody', ['failures', 'every_alarm_notifies_the_alarm_topic']],
  ['variables.tf', 'var.api_authorization != "JWT" || var.jwt_authorizer != null', 'true', 'JWT without an authorizer', ['validation', 'second_rule_of_each_input']],
  ['variables.tf', 'a == b || !startswith(a, b)', 'true', 'overlapping prefixes', ['validation', 'second_rule_of_each_input']],
  ['variables.tf', 'var.functions.s3.reserved_concurrency == null || try(var.functions.s3.reserved_concurrency >= var.fal_concurrency, false)', 'true', 'the S3 function reserving less than the queue runs', ['validation', 'the_s3_function_reserves_at_least_fal_concurrency']],
  ['iam.tf', '        values   = ["idem#*"]', '        values   = ["*"]', 'idempotency keys reaching every item of the usage table', ['iam', 'each_role_allows_only_what_its_function_does']],
  ['main.tf', '      REMIX_LIMITS_MAX_IMAGES_PER_CALLER_PER_DAY = tostring(var.spend_limits.max_images_per_caller_per_day)', '      REMIX_LIMITS_MAX_IMAGES_PER_CALLER_PER_DAY = "1000"', 'the per-caller limit not the one asked for', ['functions', 'a_per_caller_limit_alone_counts_in_the_usage_table']],
  ['usage.tf', '    REMIX_IDEMPOTENCY_TTL   = "PT${var.idempotency.ttl_hours}H"', '    REMIX_IDEMPOTENCY_TTL   = "PT1H"', 'idempotency keys kept an hour whatever was asked', ['functions', 'idempotency_keys_go_to_the_answering_functions_only']],
  ['main.tf', '  tracing_config {\n    mode = var.tracing_mode\n  }', '  tracing_config {\n    mode    = var.tracing_mode\n    sampled = true\n  }', 'an unknown nested argument', 'validate'],
  // Where Terraform cannot see: the code, and the order AWS applies things in.
  ['s3.tf', '  depends_on = [aws_sqs_queue_policy.uploads]', '', 'the notification before the queue policy', 'code'],
  ['s3.tf', '  depends_on = [aws_s3_bucket_versioning.uploads]', '', 'lifecycle before versioning', 'code'],
  ['failures.tf', 'metric_name = "FalQueueWait"', 'metric_name = "FalQueueWaitMs"', 'an alarm on a metric the code does not write', 'code'],
  ['dashboard.tf', '"FalRunTime", "Trigger"', '"FalRuntime", "Trigger"', 'a dashboard graph of nothing', 'code'],
  ['usage.tf', 'attribute_name = "expires_at"', 'attribute_name = "ttl"', 'a TTL the code never writes', 'code'],
  ['api.tf', '    "GET /openapi",\n', '', 'a route the code serves missing', 'code'],
];

/** A test file cut to its header (providers, variables) and one run block; terraform fmt keeps blocks at column 0. */
function oneRun(text, run) {
  const header = text.slice(0, text.search(/^run "/m));
  const block = text.match(new RegExp(`^run "${run}" \\{\\n[\\s\\S]*?^\\}\\n`, 'm'));
  assert.ok(block, `no run "${run}"`);
  return `${header}${block[0]}`;
}

/** A folder holding the module's files (mutated if asked) and, under tests/, only the one run asked for, if any. */
function workspace(template, run, mutation) {
  const dir = mkdtempSync(join(tmpdir(), 'infra-mutant-'));
  const skipped = [join(template, 'examples'), join(template, '.terraform-shared'), join(template, 'tests', 'node_modules')];
  cpSync(template, dir, { recursive: true, filter: (source) => !source.endsWith('.tftest.hcl') && !skipped.includes(source) });
  if (run) {
    const [file, name] = run;
    writeFileSync(join(dir, 'tests', `${file}.tftest.hcl`),
      oneRun(readFileSync(join(template, 'tests', `${file}.tftest.hcl`), 'utf8'), name));
  }
  if (mutation) {
    const [file, from, to, what] = mutation;
    const text = readFileSync(join(dir, file), 'utf8');
    assert.ok(text.includes(from), `mutation "${what}": ${file} no longer contains ${JSON.stringify(from)}`);
    writeFileSync(join(dir, file), text.replace(from, to));
  }
  return dir;
}

/** Runs code.test.mjs on a copy of the module: 0 when it passes. */
function codeChecks(dir) {
  return new Promise((resolve) => {
    const env = { ...process.env, INFRA_UNDER_TEST: dir };
    delete env.NODE_TEST_CONTEXT; // a child node --test inside this one would report here and exit 0
    spawn(process.execPath, ['--test', 'code.test.mjs'], { cwd: here, env, stdio: 'ignore' }).on('exit', resolve);
  });
}

/** Whether the code checks pass on an unchanged copy of the module, as they must for a failure to mean anything. */
export async function codeChecksPass(template) {
  const dir = workspace(template, null, null);
  try {
    return await codeChecks(dir) === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Applies one mutation to a copy of the module and tells whether what should catch it did. */
export async function caught(template, mutation, env) {
  const by = mutation[4];
  const dir = workspace(template, Array.isArray(by) ? by : null, mutation);
  try {
    if (by === 'code') return await codeChecks(dir) !== 0;
    return (await terraform(by === 'validate' ? ['validate'] : ['test'], dir, env)).code !== 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
