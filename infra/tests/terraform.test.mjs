// Terraform judges infra/: `terraform fmt`, `terraform validate` of the module and of every example, and
// `terraform test` of the module's tests (tests/*.tftest.hcl) and of each example's (examples/*/tests), all with
// command = plan against a mocked AWS provider. Then the seeded breakages of mutations.mjs, each of which must fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyInfra, infra, init, requireTerraform, terraform } from './terraform.mjs';
import { MUTATIONS, caught, codeChecksPass } from './mutations.mjs';

const examples = readdirSync(join(infra, 'examples'));
let copy;
let moduleEnv;
let modulePassed = false;

before(() => {
  requireTerraform();
  copy = copyInfra();
  // The module's providers, initialised once, serve the mutants too.
  moduleEnv = { TF_DATA_DIR: join(copy.dir, '.terraform-shared') };
});
after(() => copy?.remove());

test('terraform fmt finds nothing to change', async () => {
  const fmt = await terraform(['fmt', '-check', '-recursive', '-diff'], copy.dir);
  assert.equal(fmt.code, 0, fmt.output);
});

for (const root of ['.', ...examples.map((e) => join('examples', e))]) {
  test(`terraform validate and terraform test accept ${root === '.' ? 'the module' : root}`, async () => {
    const dir = join(copy.dir, root);
    const env = root === '.' ? moduleEnv : {};
    await init(dir, env);
    const validate = await terraform(['validate'], dir, env);
    assert.equal(validate.code, 0, validate.output);
    const tests = await terraform(['test'], dir, env);
    assert.equal(tests.code, 0, tests.output);
    assert.match(tests.output, /Success! [1-9]\d* passed, 0 failed/, tests.output);
    if (root === '.') modulePassed = true;
  });
}

test('every seeded breakage of infra/ fails the Terraform test run named beside it, validate, or the code checks', async () => {
  // On the unchanged copy the named runs passed above (with the whole suite), and so must the code checks, or every
  // breakage would look caught.
  assert.ok(modulePassed, 'the module\'s own tests must pass first');
  assert.ok(await codeChecksPass(copy.dir), 'code.test.mjs fails on an unchanged copy');
  const missed = [];
  for (let i = 0; i < MUTATIONS.length; i += 2) {
    await Promise.all(MUTATIONS.slice(i, i + 2).map(async (mutation) => {
      if (!await caught(copy.dir, mutation, moduleEnv)) missed.push(`${mutation[3]} (${mutation[0]})`);
    }));
  }
  assert.deepEqual(missed, []);
});
