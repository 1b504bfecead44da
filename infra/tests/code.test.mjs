// What Terraform cannot see: that infra/ and the Java code agree (the routes it serves, the handlers and environment
// variables it reads, the metrics it writes, the daily-limit table as it keys it), the order constraints AWS imposes
// at apply (depends_on), and the README's tables. The configuration is read with HashiCorp's HCL parser; everything
// Terraform can judge itself is in tests/*.tftest.hcl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { infra, root, tf, resource, strings } from './hcl.mjs';

function javaSources(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? javaSources(path) : path.endsWith('.java') ? [path] : [];
  });
}
const mainJava = ['core', 'events', 'http'].flatMap((m) => javaSources(join(root, m, 'src', 'main', 'java')));
// The user documentation: README.md and docs/*.md.
const docsDir = join(root, 'docs');
const userDocs = [readFileSync(join(root, 'README.md'), 'utf8'),
  ...(statSync(docsDir, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(docsDir, f), 'utf8')) : [])].join('\n');

test('the API routes are the ones the HTTP function serves', () => {
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
  assert.deepEqual([...tf.locals.api_routes].sort(), served.sort());
});

/** Environment variable names set on the functions, from plain objects and merge() expressions. */
function environmentNames() {
  const names = new Set();
  for (const fn of Object.values(tf.locals.all_functions)) {
    if (fn.environment && typeof fn.environment === 'object') Object.keys(fn.environment).forEach((n) => names.add(n));
  }
  for (const t of strings([tf.locals.all_functions, tf.locals.common_environment])) {
    for (const [, n] of t.matchAll(/\b([A-Z][A-Z0-9_]{2,})\s*=/g)) names.add(n);
  }
  return names;
}

test('the handlers and environment variables are those the code reads, and the README documents them', () => {
  assert.ok(resource('aws_lambda_function', 'this').handler.includes('"io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"'));
  const named = mainJava.filter((f) => f.includes('/events/')).flatMap((f) => {
    const source = readFileSync(f, 'utf8');
    return /implements (RequestHandler<|RequestStreamHandler\b)/.test(source) ? [...source.matchAll(/@Named\("([^"]+)"\)/g)].map((m) => m[1]) : [];
  });
  const used = Object.values(tf.locals.all_functions).map((f) => f.environment?.QUARKUS_LAMBDA_HANDLER).filter(Boolean);
  for (const t of strings([tf.locals.all_functions])) {
    for (const [, n] of t.matchAll(/QUARKUS_LAMBDA_HANDLER"?\s*[=:]\s*\\?"(\w+)/g)) used.push(n);
  }
  assert.deepEqual([...new Set(used)].sort(), [...named].sort());

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
    assert.ok(userDocs.includes(`\`${name}\``), `${name} must be documented`);
    if (/^(REMIX|FAL)_/.test(name)) assert.ok(readByCode.has(name), `${name} is not read by any @ConfigMapping`);
  }
});

test('the alarms and the dashboard read metrics the code writes, by its Trigger dimension', () => {
  const source = readFileSync(join(root, 'core/src/main/java/dev/characterremix/metrics/JobMetrics.java'), 'utf8');
  const written = new Set([...source.matchAll(/public static final String [A-Z_]+ = "(\w+)";/g)].map((m) => m[1]));
  assert.ok(written.has('EstimatedSpendUSD') && source.includes('DimensionSet.of("Trigger"'));
  for (const [name, alarm] of Object.entries(tf.resource.aws_cloudwatch_metric_alarm)) {
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
});

test('the daily-limit table is keyed and expired as the code writes it', () => {
  const source = readFileSync(join(root, 'core/src/main/java/dev/characterremix/usage/DailyImageLimit.java'), 'utf8');
  const table = resource('aws_dynamodb_table', 'usage');
  assert.ok(source.includes(`KEY = "${table.hash_key}"`), 'the table is keyed as the code reads it');
  assert.deepEqual([table.attribute[0].name, table.attribute[0].type], [table.hash_key, 'S']);
  assert.ok(source.includes(`EXPIRES_AT = "${table.ttl[0].attribute_name}"`), 'the TTL is on the attribute the code writes');
  assert.equal(table.ttl[0].enabled, true);
});

// AWS checks these at apply time, in an order a plan does not show.
test('what AWS needs first is created first', () => {
  const dependsOn = (type, name) => resource(type, name).depends_on ?? [];
  assert.ok(dependsOn('aws_s3_bucket_notification', 'uploads').includes('${aws_sqs_queue_policy.uploads}'),
    'S3 checks it may send to the queue when the notification is saved');
  assert.ok(dependsOn('aws_s3_bucket_lifecycle_configuration', 'uploads').includes('${aws_s3_bucket_versioning.uploads}'),
    'a lifecycle configuration on a versioned bucket waits for the versioning');
  assert.ok(dependsOn('aws_s3_bucket_policy', 'uploads').includes('${aws_s3_bucket_public_access_block.uploads}'));
  for (const needsRole of [['aws_lambda_event_source_mapping', 'uploads'], ['aws_lambda_function_event_invoke_config', 'this'], ['aws_lambda_function', 'this']]) {
    assert.ok(dependsOn(...needsRole).includes('${aws_iam_role_policy.function}'), `${needsRole.join('.')} needs the role's policy first`);
  }
  assert.ok(dependsOn('aws_lambda_function', 'this').includes('${aws_cloudwatch_log_group.function}'),
    'a function invoked before its log group exists gets one that never expires');
});

test('the module has no provider block (so it works with count, for_each and any provider configuration)', () => {
  for (const f of readdirSync(infra).filter((name) => name.endsWith('.tf'))) {
    assert.doesNotMatch(readFileSync(join(infra, f), 'utf8'), /^provider\s+"/m, f);
  }
});

test('the inputs and outputs tables of infra/README.md match the variables and outputs', () => {
  execFileSync(process.execPath, [join(root, 'infra', 'tests', 'docs.mjs'), '--check'], { stdio: 'pipe' });
});
