// .github/workflows/*.yml read by GitHub's own parser (@actions/workflow-parser, the one behind the Actions language
// service), against the workflow schema GitHub publishes with it: a key GitHub does not know, a wrong value type or a
// malformed expression is an error here, as it would be on github.com. Then what our workflows must do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';

const here = dirname(fileURLToPath(import.meta.url));
const workflows = join(here, '..', 'workflows');
const root = join(here, '..', '..');

async function parse(name, content) {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  const template = result.value ? await convertWorkflowTemplate(result.context, result.value) : undefined;
  return { errors: [...errors, ...result.context.errors.getErrors().map((e) => e.message)].filter((v, i, a) => a.indexOf(v) === i), template };
}

const files = readdirSync(workflows).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'));

test('every workflow is valid by GitHub\'s parser and schema', async () => {
  assert.ok(files.length > 0);
  for (const file of files) {
    const { errors } = await parse(file, readFileSync(join(workflows, file), 'utf8'));
    assert.deepEqual(errors, [], file);
  }
});

test('the checks can fail: a workflow GitHub would refuse is refused here', async () => {
  const broken = readFileSync(join(workflows, 'native.yml'), 'utf8').replace('runs-on:', 'runs_on:');
  assert.notDeepEqual((await parse('broken.yml', broken)).errors, []);
  const badExpression = readFileSync(join(workflows, 'native.yml'), 'utf8').replace('${{ github.ref }}', '${{ github.ref ');
  assert.notDeepEqual((await parse('bad-expression.yml', badExpression)).errors, []);
});

test('the native workflow builds natively in the container, runs the IT tests and the cold-start rows', async () => {
  const text = readFileSync(join(workflows, 'native.yml'), 'utf8');
  const { template } = await parse('native.yml', text);
  const job = template.jobs.find((j) => j.id.value === 'native');
  assert.ok(job, 'a native job');
  const run = job.steps.map((s) => s.run?.toString() ?? '').join('\n');
  assert.match(run, /\.\/mvnw .*-Pbench verify/s, 'verify runs the unit and *IT tests');
  assert.match(run, /-Dnative\b/);
  assert.match(run, /-Dquarkus\.native\.container-build=true/);
  assert.match(run, /-Dbench\.skip=false -Dbench\.only=cold/);
  assert.doesNotMatch(run, /-DskipTests|-DskipITs/, 'the IT tests must run against the native zips');
  const uses = job.steps.map((s) => s.uses?.value ?? '').filter(Boolean);
  assert.ok(uses.some((u) => u.startsWith('actions/checkout@')));
  assert.ok(uses.some((u) => u.startsWith('actions/setup-java@')));
  // Least privilege for the token; and the wrapper must not be told a registry (no host names in committed files).
  assert.match(text, /^permissions:\n {2}contents: read$/m);
  const code = text.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n');
  assert.doesNotMatch(code, /MVNW_REPOURL|https?:\/\//);
  // The profile and modules it names exist.
  const pom = readFileSync(join(root, 'pom.xml'), 'utf8');
  assert.match(pom, /<id>bench<\/id>/);
  // ... and the benchmark has the part -Dbench.only=cold names.
  assert.match(readFileSync(join(root, 'bench', 'runner', 'src', 'main', 'java', 'dev', 'characterremix', 'bench',
    'ColdStarts.java'), 'utf8'), /public String name\(\) \{\s*return "cold";/);
});

test('the infra workflow runs init, validate and test with the real provider on the module and every example', async () => {
  const text = readFileSync(join(workflows, 'infra.yml'), 'utf8');
  const { template, errors } = await parse('infra.yml', text);
  assert.deepEqual(errors, []);
  const job = template.jobs.find((j) => j.id.value === 'terraform');
  const run = job.steps.map((s) => s.run?.toString() ?? '').join('\n');
  for (const command of ['terraform init -backend=false', 'terraform validate', 'terraform test', 'terraform fmt -check']) {
    assert.ok(run.includes(command), `the workflow runs ${command}`);
  }
  assert.ok(job.steps.some((s) => (s.uses?.value ?? '').startsWith('hashicorp/setup-terraform@')));
  const examples = readdirSync(join(root, 'infra', 'examples')).map((e) => `infra/examples/${e}`);
  for (const r of ['infra', ...examples]) assert.ok(new RegExp(`^\\s+root: \\[.*\\b${r.replace(/\//g, '\\/')}\\b`, 'm').test(text), `${r} is in the matrix`);
  assert.match(text, /^permissions:\n {2}contents: read$/m);
});
