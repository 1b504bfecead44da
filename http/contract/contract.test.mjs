// The committed OpenAPI document (../openapi.yaml, which the Java build holds equal to the served one) checked with
// the tools client teams use: Redocly's linter with its recommended rules, and openapi-typescript's generated types
// (default options) compiled by TypeScript against the requests and answers the README shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const spec = join(here, '..', 'openapi.yaml');
const require = createRequire(import.meta.url);
const bin = (pkg, name) => join(dirname(require.resolve(`${pkg}/package.json`)), require(`${pkg}/package.json`).bin[name] ?? require(`${pkg}/package.json`).bin);

test('Redocly\'s recommended rules find no error', () => {
  let out;
  try {
    out = execFileSync(process.execPath, [bin('@redocly/cli', 'redocly'), 'lint', spec, '--extends=recommended',
      '--format=json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stdout; // lint exits non-zero on errors; the JSON report says which
  }
  const report = JSON.parse(out);
  const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`);
  assert.deepEqual(errors, []);
});

test('openapi-typescript\'s types take the README\'s three-field request and every answer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contract-'));
  try {
    execFileSync(process.execPath, [bin('openapi-typescript', 'openapi-typescript'), spec, '-o', join(dir, 'api.ts')],
      { stdio: 'pipe' });
    writeFileSync(join(dir, 'check.ts'), `
import type { components, operations } from './api';
type RemixRequest = components['schemas']['RemixRequest'];
type Job = components['schemas']['Job'];
// The README's request: only the three required fields; every field with a fal default stays optional.
const request: RemixRequest = {
  prompt: 'The mascot surfing a huge wave at sunset',
  image_url: 'https://v3.fal.media/files/panda/a.avif',
  reference_image_urls: ['https://v3.fal.media/files/kangaroo/b.png'],
};
// One document for 200 and 202, with the statuses as a closed set.
type Ok = operations['remix']['responses'][200]['content']['application/json'];
type Accepted = operations['remix']['responses'][202]['content']['application/json'];
const ok: Ok extends Job ? (Job extends Ok ? true : false) : false = true;
const accepted: Accepted extends Job ? (Job extends Accepted ? true : false) : false = true;
const done: Job['status'][] = ['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLATION_REQUESTED', 'CANCELLED'];
// @ts-expect-error a status outside the contract does not type-check
const unknown: Job['status'] = 'DONE';
// @ts-expect-error a request without its character does not type-check
const partial: RemixRequest = { prompt: 'x', image_url: 'https://a/b.png' };
type Problem = operations['remix']['responses'][422]['content']['application/problem+json'];
const problem: Problem = { type: 'urn:character-remix:problem:ValidationError', title: 't', status: 422 };
export { request, ok, accepted, done, unknown, partial, problem };
`);
    execFileSync(process.execPath, [bin('typescript', 'tsc'), '--noEmit', '--strict', '--target', 'es2022',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', join(dir, 'check.ts')], { stdio: 'pipe' });
  } catch (e) {
    assert.fail(`${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
