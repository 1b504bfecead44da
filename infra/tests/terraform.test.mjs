// Static checks of infra/*.tf. Terraform itself cannot be downloaded here, so the files are parsed with HashiCorp's
// own HCL parser (compiled to WebAssembly in @cdktf/hcl2json) and checked against our rules and against the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { infra, root, tf, resource, strings } from './hcl.mjs';

const everything = strings({ ...tf });

function javaSources(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? javaSources(path) : path.endsWith('.java') ? [path] : [];
  });
}
const mainJava = ['core', 'events', 'http'].flatMap((m) => javaSources(join(root, m, 'src', 'main', 'java')));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

test('every variable, local, resource and data reference resolves', () => {
  const missing = [];
  for (const text of everything) {
    for (const [, name] of text.matchAll(/\bvar\.([A-Za-z_][\w]*)/g)) if (!tf.variable[name]) missing.push(`var.${name}`);
    for (const [, name] of text.matchAll(/\blocal\.([A-Za-z_][\w]*)/g)) if (!(name in tf.locals)) missing.push(`local.${name}`);
    for (const [, type, name] of text.matchAll(/\bdata\.(aws_[a-z0-9_]+)\.([A-Za-z_][\w]*)/g)) {
      if (!tf.data[type]?.[name]) missing.push(`data.${type}.${name}`);
    }
    for (const [, before, type, name] of text.matchAll(/(^|[^.\w])(aws_[a-z0-9_]+)\.([A-Za-z_][\w]*)/g)) {
      if (!resource(type, name)) missing.push(`${type}.${name}`);
    }
  }
  assert.deepEqual([...new Set(missing)], []);
});

test('every variable has a description and a type, every output a description', () => {
  for (const [name, v] of Object.entries(tf.variable)) {
    assert.ok(v.description?.length > 10, `variable ${name} needs a description`);
    assert.ok(v.type, `variable ${name} needs a type`);
  }
  for (const [name, o] of Object.entries(tf.output)) assert.ok(o.description?.length > 10, `output ${name} needs a description`);
});

/** Statements of a policy document, static and dynamic, with the condition under which a dynamic one applies. */
function statements(doc) {
  const fixed = (doc.statement ?? []).map((s) => ({ ...s, when: 'always' }));
  const dynamic = (doc.dynamic?.statement ?? []).flatMap((d) => (d.content ?? []).map((s) => ({ ...s, when: d.for_each })));
  return [...fixed, ...dynamic];
}

test('every IAM statement names exact actions and resources', () => {
  for (const [name, doc] of Object.entries(tf.data.aws_iam_policy_document)) {
    for (const s of statements(doc)) {
      const allow = (s.effect ?? 'Allow') === 'Allow';
      if (!allow) continue; // explicit denies (e.g. insecure transport) may be broad on purpose
      const actions = [s.actions].flat();
      assert.ok(actions.every((a) => a !== '*' && !a.endsWith(':*')), `${name}: wildcard action in ${actions}`);
      if (s.principals) continue; // a trust policy has no resources
      const resources = [s.resources].flat().filter(Boolean);
      assert.ok(resources.length > 0, `${name}/${s.sid}: no resources`);
      assert.ok(resources.every((r) => r !== '*' && !/^arn:aws:[a-z0-9-]+:[^:]*:[^:]*:\*$/.test(r)), `${name}/${s.sid}: "*" resource`);
    }
  }
});

test('each role allows only its function: logs of its own group, the one secret, S3 only for the S3 function', () => {
  const doc = tf.data.aws_iam_policy_document.function;
  assert.equal(doc.for_each, '${local.functions}');
  const bySid = Object.fromEntries(statements(doc).map((s) => [s.sid, s]));
  assert.deepEqual([bySid.OwnLogs.resources].flat(), ['${aws_cloudwatch_log_group.function[each.key].arn}:*']);
  assert.deepEqual([bySid.FalKey.actions].flat(), ['secretsmanager:GetSecretValue']);
  assert.deepEqual([bySid.FalKey.resources].flat(), ['${aws_secretsmanager_secret.fal_key.arn}']);
  for (const sid of ['ReadUploads', 'WriteResults', 'Claims', 'SeeMissingClaims', 'DrainUploadQueue']) {
    assert.match(bySid[sid].when, /each\.key == "s3"/, `${sid} must apply to the S3 function only`);
  }
  for (const r of ['ReadUploads', 'WriteResults', 'Claims'].flatMap((sid) => [bySid[sid].resources].flat())) {
    assert.match(r, /^\$\{aws_s3_bucket\.uploads\.arn\}\/\$\{var\.prefixes\.\w+\}\*$/, `S3 access must be per prefix: ${r}`);
  }
  assert.deepEqual([bySid.SeeMissingClaims.actions].flat(), ['s3:ListBucket']);
  assert.ok(bySid.SeeMissingClaims.condition, 'ListBucket must be limited to the claims prefix');
  assert.match(bySid.FailureDestination.when, /async_functions/);
  assert.deepEqual([bySid.WriteResults.resources].flat(), ['${aws_s3_bucket.uploads.arn}/${var.prefixes.results}*']);
  assert.deepEqual([bySid.WriteResults.actions].flat().sort(), ['s3:DeleteObject', 's3:PutObject'],
    'results are never read by the function, so a presigned URL cannot expose another upload\'s result');
  assert.deepEqual([bySid.DrainUploadQueue.resources].flat(), ['${aws_sqs_queue.uploads.arn}']);
  // What AWS lists for an SQS event source's execution role.
  assert.deepEqual([bySid.DrainUploadQueue.actions].flat().sort(),
    ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage']);
});

/** Environment variable names set on the functions, from plain objects and merge() expressions. */
function environmentNames() {
  const texts = strings([tf.locals.functions, tf.locals.common_environment, resource('aws_lambda_function', 'this').environment]);
  const names = new Set();
  for (const fn of Object.values(tf.locals.functions)) {
    if (fn.environment && typeof fn.environment === 'object') Object.keys(fn.environment).forEach((n) => names.add(n));
  }
  for (const t of texts) for (const [, n] of t.matchAll(/\b([A-Z][A-Z0-9_]{2,})\s*=/g)) names.add(n);
  return names;
}

test('no environment variable holds the key: the functions get the secret ARN only', () => {
  const names = environmentNames();
  assert.ok(names.has('FAL_KEY_SECRET_ARN'));
  for (const n of names) {
    assert.ok(n === 'FAL_KEY_SECRET_ARN' || !/(KEY|SECRET|TOKEN|PASSWORD)$/.test(n), `environment variable ${n} looks like a secret`);
  }
  const envTexts = strings([tf.locals, resource('aws_lambda_function', 'this').environment]);
  assert.ok(envTexts.every((t) => !t.includes('var.fal_key') && !t.includes('aws_secretsmanager_secret_version')));
  const usesOfKey = Object.entries(tf.resource).flatMap(([type, byName]) =>
    Object.entries(byName).filter(([, b]) => strings(b).some((t) => t.includes('var.fal_key'))).map(([n]) => `${type}.${n}`));
  assert.deepEqual(usesOfKey, ['aws_secretsmanager_secret_version.fal_key']);
  assert.equal(tf.variable.fal_key.sensitive, true);
});

test('outputs never expose the key', () => {
  for (const [name, o] of Object.entries(tf.output)) {
    const text = strings(o).join(' ');
    assert.ok(!text.includes('var.fal_key') && !text.includes('secret_string') && !text.includes('secret_version'), name);
  }
});

test('every function has a log group with retention, created before it', () => {
  const fn = resource('aws_lambda_function', 'this');
  const logs = resource('aws_cloudwatch_log_group', 'function');
  assert.equal(fn.for_each, '${local.functions}');
  assert.equal(logs.for_each, '${local.functions}');
  assert.equal(logs.retention_in_days, '${var.log_retention_days}');
  assert.ok(fn.depends_on.includes('${aws_cloudwatch_log_group.function}'));
  assert.equal(fn.logging_config[0].log_group, '${aws_cloudwatch_log_group.function[each.key].name}');
  assert.equal(fn.logging_config[0].log_format, 'JSON', 'the functions write JSON lines; Lambda filters them by level');
  assert.equal(fn.logging_config[0].application_log_level, '${var.log_level}');
  assert.equal(resource('aws_cloudwatch_log_group', 'api').retention_in_days, '${var.log_retention_days}');
});

test('asynchronously invoked functions have bounded retries, an on-failure queue and alarms', () => {
  assert.match(tf.locals.async_functions, /"remix"/);
  assert.doesNotMatch(tf.locals.async_functions, /"s3"/, 'the S3 function is fed by the upload queue, not invoked asynchronously');
  const config = resource('aws_lambda_function_event_invoke_config', 'this');
  assert.equal(config.for_each, '${local.async_functions}');
  assert.equal(config.maximum_retry_attempts, '${var.async_retries}');
  assert.equal(config.destination_config[0].on_failure[0].destination, '${aws_sqs_queue.failures.arn}');
  assert.equal(resource('aws_cloudwatch_metric_alarm', 'errors').for_each, '${local.functions}');
  assert.match(strings(resource('aws_cloudwatch_metric_alarm', 'failed_events')).join(' '), /aws_sqs_queue\.failures\.name/);
});

test('the bucket is private, encrypted, versioned and notifies the upload queue for both prefixes', () => {
  const block = resource('aws_s3_bucket_public_access_block', 'uploads');
  for (const flag of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
    assert.equal(block[flag], true, flag);
  }
  assert.ok(resource('aws_s3_bucket_server_side_encryption_configuration', 'uploads'));
  assert.equal(resource('aws_s3_bucket_versioning', 'uploads').versioning_configuration[0].status, 'Enabled');
  const notification = resource('aws_s3_bucket_notification', 'uploads');
  assert.equal(notification.lambda_function, undefined, 'S3 must not invoke the function directly');
  assert.deepEqual(notification.queue.map((q) => q.filter_prefix).sort(), ['${var.prefixes.inputs}', '${var.prefixes.jobs}']);
  assert.ok(notification.queue.every((q) => q.queue_arn === '${aws_sqs_queue.uploads.arn}'));
  assert.ok(notification.depends_on.includes('${aws_sqs_queue_policy.uploads}'));
  assert.equal(resource('aws_lambda_permission', 's3'), undefined, 'nothing but the event source mapping invokes the S3 function');
});

test('the upload queue paces the S3 function at fal\'s concurrency and keeps every failed upload', () => {
  const queue = resource('aws_sqs_queue', 'uploads');
  assert.match(queue.visibility_timeout_seconds, /6 \* var\.functions\.s3\.timeout/, 'AWS: at least six times the function timeout');
  assert.match(queue.redrive_policy, /aws_sqs_queue\.uploads_dead_letters\.arn/);
  assert.match(queue.redrive_policy, /var\.upload_max_receive_count/);
  for (const name of ['uploads', 'uploads_dead_letters', 'failures']) {
    const q = resource('aws_sqs_queue', name);
    assert.equal(q.sqs_managed_sse_enabled, '${var.kms_key_arn == null ? true : null}', `${name}: encrypted without a key of yours`);
    assert.equal(q.kms_master_key_id, '${var.kms_key_arn}', `${name}: encrypted with your key when given`);
  }

  const mapping = resource('aws_lambda_event_source_mapping', 'uploads');
  assert.equal(mapping.event_source_arn, '${aws_sqs_queue.uploads.arn}');
  assert.equal(mapping.function_name, '${aws_lambda_alias.live["s3"].arn}');
  assert.deepEqual(mapping.function_response_types, ['ReportBatchItemFailures']);
  assert.equal(mapping.scaling_config[0].maximum_concurrency, '${var.fal_concurrency}');
  assert.equal(tf.variable.fal_concurrency.default, 10);
  assert.match(tf.variable.fal_concurrency.validation[0].condition, />= 2/, 'AWS requires a maximum concurrency of at least 2');

  const policy = tf.data.aws_iam_policy_document.uploads_queue.statement[0];
  assert.deepEqual([policy.actions].flat(), ['sqs:SendMessage']);
  assert.deepEqual(policy.principals[0].identifiers, ['s3.amazonaws.com']);
  const conditions = Object.fromEntries(policy.condition.map((c) => [c.variable, c.values]));
  assert.deepEqual(conditions['aws:SourceArn'], ['${aws_s3_bucket.uploads.arn}']);
  assert.deepEqual(conditions['aws:SourceAccount'], ['${data.aws_caller_identity.current.account_id}']);

  const alarmed = Object.values(tf.resource.aws_cloudwatch_metric_alarm).map((a) => `${a.metric_name} ${a.dimensions?.QueueName}`);
  assert.ok(alarmed.includes('ApproximateNumberOfMessagesVisible ${aws_sqs_queue.uploads_dead_letters.name}'));
  assert.ok(alarmed.includes('ApproximateAgeOfOldestMessage ${aws_sqs_queue.uploads.name}'));
});

test('the HTTP API: payload 2.0, authorization on by default, throttled, logged, routes the code serves', () => {
  assert.equal(resource('aws_apigatewayv2_integration', 'http').payload_format_version, '2.0');
  assert.equal(tf.variable.api_authorization.default, 'IAM');
  assert.equal(resource('aws_apigatewayv2_route', 'this').authorization_type, '${local.api_authorization_type}');
  const stage = resource('aws_apigatewayv2_stage', 'default');
  assert.ok(stage.default_route_settings[0].throttling_rate_limit && stage.access_log_settings[0].destination_arn);

  const served = [];
  for (const file of mainJava.filter((f) => f.includes('/http/'))) {
    const source = readFileSync(file, 'utf8');
    const base = source.match(/^@Path\("([^"]+)"\)/m)?.[1];
    if (!base) continue;
    for (const [, verb, sub] of source.matchAll(/@(GET|POST|PUT|DELETE)(?:\s*@Path\("([^"]*)"\))?/g)) {
      served.push(`${verb} ${base}${sub ?? ''}`);
    }
  }
  const openapi = readFileSync(join(root, 'http/src/main/resources/application.properties'), 'utf8')
    .match(/^quarkus\.smallrye-openapi\.path=(.+)$/m)[1].trim();
  served.push(`GET ${openapi}`);
  const routes = tf.locals.api_routes;
  assert.deepEqual([...routes].sort(), served.sort());
});

test('handlers and environment match what the code reads', () => {
  const handler = resource('aws_lambda_function', 'this').handler;
  assert.ok(handler.includes('"io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"'));
  assert.ok(readme.includes('io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest'));

  const named = mainJava.filter((f) => f.includes('/events/')).flatMap((f) => {
    const source = readFileSync(f, 'utf8');
    return /implements (RequestHandler<|RequestStreamHandler\b)/.test(source) ? [...source.matchAll(/@Named\("([^"]+)"\)/g)].map((m) => m[1]) : [];
  });
  const used = strings([tf.locals.functions]).flatMap((t) => [...t.matchAll(/QUARKUS_LAMBDA_HANDLER"?\s*[=:]\s*\\?"(\w+)/g)].map((m) => m[1]));
  const fromObjects = Object.values(tf.locals.functions).map((f) => f.environment?.QUARKUS_LAMBDA_HANDLER).filter(Boolean);
  assert.deepEqual([...new Set([...used, ...fromObjects])].sort(), [...named].sort());

  // Environment names a @ConfigMapping reads: prefix "remix.s3" + jobPrefix() -> REMIX_S3_JOB_PREFIX.
  const readByCode = new Set();
  for (const file of mainJava) {
    const source = readFileSync(file, 'utf8');
    const prefix = source.match(/@ConfigMapping\(prefix = "([^"]+)"\)/)?.[1];
    if (!prefix) continue;
    const env = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[.-]/g, '_').toUpperCase();
    // Nested groups: "Prices price();" over "interface Prices { BigDecimal turbo(); }" -> REMIX_METRICS_PRICE_TURBO.
    const groups = Object.fromEntries([...source.matchAll(/^\s{4}interface (\w+) \{([\s\S]*?)^\s{4}\}/gm)]
      .map(([, name, body]) => [name, [...body.matchAll(/^\s{8}[\w<>.]+ (\w+)\(\);/gm)].map((m) => m[1])]));
    for (const [, type, method] of source.matchAll(/^\s{4}([\w<>.]+) (\w+)\(\);/gm)) {
      if (groups[type]) groups[type].forEach((inner) => readByCode.add(env(`${prefix}.${method}.${inner}`)));
      else readByCode.add(env(`${prefix}.${method}`));
    }
  }
  for (const name of environmentNames()) {
    assert.ok(readme.includes(`\`${name}\``), `${name} must be documented in the README`);
    if (/^(REMIX|FAL)_/.test(name)) assert.ok(readByCode.has(name), `${name} is not read by any @ConfigMapping`);
  }
});

test('the inputs and outputs tables of infra/README.md match the variables and outputs', async () => {
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, [join(root, 'infra', 'tests', 'docs.mjs'), '--check'], { stdio: 'pipe' });
});

test('every trigger calls a published version through the live alias; SnapStart only on Java runtimes', () => {
  const fn = resource('aws_lambda_function', 'this');
  assert.equal(fn.publish, true, 'SnapStart and the alias need published versions');
  assert.equal(resource('aws_lambda_alias', 'live').function_version, '${aws_lambda_function.this[each.key].version}');
  const runtimes = [...fn.runtime.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  if (fn.runtime.includes('var.java_runtime')) {
    const java = tf.variable.java_runtime;
    runtimes.push(java.default, ...[...java.validation[0].condition.matchAll(/"([^"]+)"/g)].map((m) => m[1]));
    assert.ok(java.validation[0].condition.includes('contains('), 'java_runtime is checked against a list');
  }
  assert.deepEqual(runtimes.filter((r) => !['provided.al2023', 'java25', 'java21', 'java17'].includes(r)), [],
    'runtime must be provided.al2023 (native) or a Java runtime Lambda offers');
  const snap = fn.dynamic?.snap_start?.[0];
  assert.ok(snap, 'JVM functions get SnapStart');
  assert.match(snap.for_each, /local\.native \? \[\] : \[1\]/, 'SnapStart only where the runtime is java*');
  assert.equal(snap.content[0].apply_on, 'PublishedVersions');
  for (const [name, permission] of Object.entries(tf.resource.aws_lambda_permission ?? {})) {
    assert.match(permission.qualifier ?? '', /aws_lambda_alias\.live/, `permission ${name} must name the alias`);
  }
  assert.match(resource('aws_lambda_event_source_mapping', 'uploads').function_name, /aws_lambda_alias\.live/);
});

test('spend is guarded: every function has reserved concurrency, the S3 one at least the queue\'s maximum', () => {
  assert.equal(resource('aws_lambda_function', 'this').reserved_concurrent_executions, '${each.value.reserved_concurrency}');
  for (const role of ['http', 'remix']) {
    assert.match(tf.locals.functions[role].reserved_concurrency, new RegExp(`var\\.functions\\.${role}\\.reserved_concurrency`));
  }
  assert.match(tf.locals.functions.s3.reserved_concurrency, /coalesce\(var\.functions\.s3\.reserved_concurrency, var\.fal_concurrency\)/);
  assert.match(tf.variable.functions.type, /reserved_concurrency = optional\(number, 10\)/);
});

test('only the event functions get a job deadline; the HTTP one waits by REMIX_HTTP_WAIT_FOR', () => {
  assert.equal(tf.locals.functions.http.environment && Object.keys(tf.locals.functions.http.environment).length, 0);
  assert.equal(tf.locals.functions.remix.environment.REMIX_JOB_DEADLINE, 'PT${var.functions.remix.timeout - 20}S');
  assert.ok(strings(tf.locals.functions.s3.environment).some((t) => t.includes('PT${var.functions.s3.timeout - 20}S')));
  assert.ok(!strings(resource('aws_lambda_function', 'this').environment).some((t) => t.includes('REMIX_JOB_DEADLINE')));
});

test('every alarm notifies the alarm topic; lost events, throttles and API 5xx are alarmed', () => {
  for (const [name, alarm] of Object.entries(tf.resource.aws_cloudwatch_metric_alarm)) {
    assert.equal(alarm.alarm_actions, '${local.alarm_actions}', `alarm ${name} must notify local.alarm_actions`);
  }
  assert.match(tf.locals.alarm_actions, /aws_sns_topic\.alarms\.arn/);
  const metrics = Object.values(tf.resource.aws_cloudwatch_metric_alarm).map((a) => a.metric_name);
  for (const metric of ['Errors', 'Throttles', 'DestinationDeliveryFailures', '5xx', 'ApproximateAgeOfOldestMessage']) {
    assert.ok(metrics.includes(metric), `no alarm on ${metric}`);
  }
  assert.equal(resource('aws_sns_topic_subscription', 'alarm_email').protocol, 'email');
});

test('the fal key is write-only: in neither plan nor state', () => {
  const version = resource('aws_secretsmanager_secret_version', 'fal_key');
  assert.equal(version.secret_string, undefined, 'secret_string would store the key in the state');
  assert.equal(version.secret_string_wo, '${var.fal_key}');
  assert.equal(version.secret_string_wo_version, '${var.fal_key_version}');
  assert.equal(tf.variable.fal_key.ephemeral, true);
  assert.equal(tf.variable.fal_key.sensitive, true);
});

test('the bucket keeps old versions for a while, aborts stale uploads, and waits for its versioning', () => {
  const lifecycle = resource('aws_s3_bucket_lifecycle_configuration', 'uploads');
  assert.ok(lifecycle.depends_on.includes('${aws_s3_bucket_versioning.uploads}'));
  assert.ok(lifecycle.rule.some((r) => r.abort_incomplete_multipart_upload));
  assert.match(strings(lifecycle.dynamic.rule).join(' '), /noncurrent_version_expiration|var\.noncurrent_version_days/);
});

test('configuration mistakes fail at plan with a clear message', () => {
  const conditions = (name) => (tf.variable[name].validation ?? []).map((v) => v.condition).join(' ');
  assert.match(conditions('jwt_authorizer'), /var\.api_authorization != "JWT" \|\| var\.jwt_authorizer != null/);
  assert.match(conditions('prefixes'), /startswith/);
  assert.match(conditions('async_retries'), /\[0, 1, 2\]/);
  assert.match(conditions('async_max_event_age_seconds'), /60.*21600/);
  assert.match(conditions('architecture'), /x86_64.*arm64/);
  assert.match(conditions('functions'), /10240/);
  assert.match(conditions('functions'), /900/);
  assert.match(conditions('upload_retention_seconds'), /var\.failure_retention_seconds/);
});

test('the configuration is a module: no provider block, an example root beside it', () => {
  assert.ok(!readdirSync(infra).filter((f) => f.endsWith('.tf'))
    .some((f) => /^provider\s+"/m.test(readFileSync(join(infra, f), 'utf8'))), 'a provider block inside the module');
  const example = readFileSync(join(root, 'infra', 'examples', 'complete', 'main.tf'), 'utf8');
  assert.match(example, /module "character_remix" \{\s*source = "\.\.\/\.\."/);
  assert.match(example, /provider "aws"/);
});

test('the alarms and the dashboard read metrics the code writes, in its namespace, by its dimension', () => {
  const source = readFileSync(join(root, 'core/src/main/java/dev/characterremix/metrics/JobMetrics.java'), 'utf8');
  const written = new Set([...source.matchAll(/public static final String [A-Z_]+ = "(\w+)";/g)].map((m) => m[1]));
  assert.ok(written.has('EstimatedSpendUSD') && source.includes('DimensionSet.of("Trigger"'));
  const read = [];
  for (const [name, alarm] of Object.entries(tf.resource.aws_cloudwatch_metric_alarm)) {
    for (const text of strings(alarm).filter((t) => t.includes('local.metrics_namespace'))) read.push([name, text]);
    const queries = JSON.stringify(alarm.metric_query ?? []) + JSON.stringify(alarm.dynamic ?? []);
    if (!queries.includes('local.metrics_namespace')) continue;
    for (const [, metric] of queries.matchAll(/"metric_name":"(\w+)"/g)) {
      assert.ok(written.has(metric), `alarm ${name} reads ${metric}, which JobMetrics does not write`);
    }
    assert.ok(queries.includes('"Trigger"'), `alarm ${name} must read the metrics by their Trigger dimension`);
  }
  const dashboard = resource('aws_cloudwatch_dashboard', 'this').dashboard_body;
  const fromDashboard = [...dashboard.matchAll(/\[local\.metrics_namespace, "(\w+)"/g)].map((m) => m[1]);
  for (const metric of dashboard.matchAll(/for metric in \[([^\]]+)\]/g)) {
    fromDashboard.push(...[...metric[1].matchAll(/"(\w+)"/g)].map((m) => m[1]));
  }
  assert.ok(fromDashboard.length >= 8, 'the dashboard shows the job metrics');
  for (const metric of fromDashboard) assert.ok(written.has(metric), `the dashboard reads ${metric}, which JobMetrics does not write`);
  // The triggers the alarms sum over are the ones the code names.
  assert.match(tf.locals.triggers.toString(), /direct.*http.*s3/);
});

test('the daily limit is wired: its table as the code keys it, UpdateItem for every function, its name in the environment', () => {
  const source = readFileSync(join(root, 'core/src/main/java/dev/characterremix/usage/DailyImageLimit.java'), 'utf8');
  const table = resource('aws_dynamodb_table', 'usage');
  assert.ok(source.includes(`KEY = "${table.hash_key}"`), 'the table is keyed as the code reads it');
  assert.equal(table.attribute[0].name, table.hash_key);
  assert.equal(table.attribute[0].type, 'S');
  assert.ok(source.includes(`EXPIRES_AT = "${table.ttl[0].attribute_name}"`), 'the TTL is on the attribute the code writes');
  assert.equal(table.ttl[0].enabled, true);
  const policy = JSON.stringify(tf.data.aws_iam_policy_document.function);
  assert.match(policy, /"sid":"CountDailyImages"/);
  assert.match(policy, /"actions":\["dynamodb:UpdateItem"\],"resources":\["\$\{aws_dynamodb_table\.usage\[0\]\.arn\}"\]/);
  const env = JSON.stringify(tf.locals.common_environment);
  assert.match(env, /REMIX_LIMITS_USAGE_TABLE.*aws_dynamodb_table\.usage\[0\]\.name/);
  assert.match(env, /REMIX_LIMITS_MAX_IMAGES_PER_DAY/);
});
