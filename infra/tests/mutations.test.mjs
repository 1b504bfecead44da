// The checks are only worth what they catch: each seeded one-line breakage below is applied to a copy of infra/,
// and the other test files must fail on it. A mutation they miss fails this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const infra = join(here, '..');

const MUTATIONS = [
  ['main.tf', 'publish          = true', 'publish          = false', 'versions not published'],
  ['variables.tf', 'default     = "java25"', 'default     = "java2S"', 'a runtime typo'],
  ['variables.tf', '["java17", "java21", "java25"], var.java_runtime', '["java17", "java21", "java52"], var.java_runtime', 'a runtime Lambda does not offer allowed'],
  ['main.tf', 'function_version = aws_lambda_function.this[each.key].version', 'function_version = "$LATEST"', 'alias at $LATEST'],
  ['main.tf', 'for_each = local.native ? [] : [1]', 'for_each = [1]', 'SnapStart on a native function'],
  ['main.tf', '  timeout          = each.value.timeout', '  timeoutx         = each.value.timeout', 'an unknown argument'],
  ['api.tf', '  qualifier     = aws_lambda_alias.live["http"].name\n', '', 'a permission without the alias'],
  ['iam.tf', 'resources = [aws_sqs_queue.uploads.arn]', 'resources = [aws_sqs_queue.uploads.arnx]', 'an invalid attribute'],
  ['iam.tf', 'actions   = ["secretsmanager:GetSecretValue"]', 'actions   = ["secretsmanager:*"]', 'a wildcard action'],
  ['queue.tf', 'function_response_types = ["ReportBatchItemFailures"]', 'function_response_types = []', 'batch item failures off'],
  ['queue.tf', 'maximum_concurrency = var.fal_concurrency', 'maximum_concurrency = 1000', 'no pacing at fal\'s concurrency'],
  ['queue.tf', 'values   = [aws_s3_bucket.uploads.arn]', 'values   = ["*"]', 'any bucket may send'],
  ['s3.tf', '    queue_arn     = aws_sqs_queue.uploads.arn\n    events        = ["s3:ObjectCreated:*"]\n    filter_prefix = var.prefixes.jobs',
    '    queue_arn     = aws_sqs_queue.uploads.arn\n    events        = ["s3:ObjectCreated:*"]\n    filter_prefix = var.prefixes.results', 'notifications for the results prefix'],
  ['s3.tf', '  depends_on = [aws_sqs_queue_policy.uploads]', '', 'the notification before the queue policy'],
  ['s3.tf', '  block_public_policy     = true', '  block_public_policy     = false', 'a public bucket'],
  ['failures.tf', '      destination = aws_sqs_queue.failures.arn', '      destination = aws_sqs_queue.failure.arn', 'a reference to nothing'],
  ['main.tf', '  retention_in_days = var.log_retention_days', '', 'logs kept forever'],
  ['secrets.tf', 'aws_secretsmanager_secret.fal_key', 'aws_secretsmanager_secret.fal_keys', 'a renamed secret'],
  ['secrets.tf', '  secret_string_wo         = var.fal_key', '  secret_string            = var.fal_key', 'the key in the state'],
  ['main.tf', '  reserved_concurrent_executions = each.value.reserved_concurrency\n', '', 'no spend guard'],
  ['main.tf', '      environment          = {}', '      environment          = { REMIX_JOB_DEADLINE = "PT10S" }', 'a job deadline on the HTTP function'],
  ['failures.tf', '  alarm_actions       = local.alarm_actions\n}\n\n# The spend guard', '  alarm_actions       = []\n}\n\n# The spend guard', 'an alarm that notifies nobody'],
  ['s3.tf', '  depends_on = [aws_s3_bucket_versioning.uploads]', '', 'lifecycle before versioning'],
  ['variables.tf', 'var.api_authorization != "JWT" || var.jwt_authorizer != null', 'true', 'JWT without an authorizer'],
  ['variables.tf', 'a == b || !startswith(a, b)', 'true', 'overlapping prefixes'],
  ['main.tf', '  tracing_config {\n    mode = var.tracing_mode\n  }', '  tracing_config {\n    mode = var.tracing_mode\n    sampled = true\n  }', 'an unknown nested argument'],
  ['failures.tf', 'metric_name = "FalQueueWait"', 'metric_name = "FalQueueWaitMs"', 'an alarm on a metric the code does not write'],
  ['dashboard.tf', '"FalRunTime", "Trigger"', '"FalRuntime", "Trigger"', 'a dashboard graph of nothing'],
  ['iam.tf', 'actions   = ["dynamodb:UpdateItem"]', 'actions   = ["dynamodb:PutItem"]', 'the daily count cannot be raised'],
  ['usage.tf', 'attribute_name = "expires_at"', 'attribute_name = "ttl"', 'a TTL the code never writes'],
];

/** A child node --test inside this one would report to this runner and exit 0; it must run on its own. */
function withoutTestContext(env) {
  delete env.NODE_TEST_CONTEXT;
  return env;
}

function run(dir) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', 'terraform.test.mjs', 'schema.test.mjs'],
      { cwd: here, env: withoutTestContext({ ...process.env, INFRA_UNDER_TEST: dir }), stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
}

test('every seeded breakage of infra/ is caught by the checks', async () => {
  // The copy as it is must pass, or every mutant would look caught.
  const unchanged = mkdtempSync(join(tmpdir(), 'infra-copy-'));
  try {
    for (const f of readdirSync(infra).filter((name) => name.endsWith('.tf'))) cpSync(join(infra, f), join(unchanged, f));
    assert.equal(await run(unchanged), 0, 'the checks fail on an unchanged copy of infra/');
  } finally {
    rmSync(unchanged, { recursive: true, force: true });
  }
  const missed = [];
  // Two at a time: each run parses the provider's schema.
  for (let i = 0; i < MUTATIONS.length; i += 2) {
    await Promise.all(MUTATIONS.slice(i, i + 2).map(async ([file, from, to, what]) => {
      const dir = mkdtempSync(join(tmpdir(), 'infra-mutant-'));
      try {
        for (const f of readdirSync(infra).filter((name) => name.endsWith('.tf'))) cpSync(join(infra, f), join(dir, f));
        const text = readFileSync(join(dir, file), 'utf8');
        assert.ok(text.includes(from), `mutation "${what}": ${file} no longer contains ${JSON.stringify(from)}`);
        writeFileSync(join(dir, file), text.replace(from, to));
        if (await run(dir) === 0) missed.push(`${what} (${file})`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));
  }
  assert.deepEqual(missed, []);
});
