// Runs Terraform itself on a copy of infra/: init, validate and `terraform test` (HashiCorp's test framework, with
// mock_provider, so no AWS credentials are needed). Working on a copy keeps .terraform/ and lock files out of the
// working tree. Plain `terraform` takes hashicorp/aws from the registry; an offline build points it elsewhere through
// Terraform's own CLI configuration (TF_CLI_CONFIG_FILE), which these calls inherit.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const infra = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MINIMUM = [1, 11];

/** Terraform's version, or an error that names what to install. */
export function requireTerraform() {
  const found = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error('Terraform is not on the PATH: install Terraform 1.11 or newer (see README.md, Prerequisites).');
  }
  const version = JSON.parse(found.stdout).terraform_version;
  const [major, minor] = version.split('.').map(Number);
  if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
    throw new Error(`Terraform ${version} is too old: install Terraform ${MINIMUM.join('.')} or newer (see README.md, Prerequisites).`);
  }
  return version;
}

const SKIPPED = new Set(['node_modules', '.terraform', '.terraform.lock.hcl', 'terraform.tfstate', 'terraform.tfstate.backup', 'terraform.tfvars']);

/** A copy of infra/ (the module, its tests, mocks and fixtures, the examples) in a new temporary folder. */
export function copyInfra(from = infra) {
  const root = mkdtempSync(join(tmpdir(), 'infra-'));
  cpSync(from, join(root, 'infra'), { recursive: true, filter: (source) => !SKIPPED.has(basename(source)) });
  return { dir: join(root, 'infra'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** One Terraform command; resolves to its exit code and everything it printed. */
export function terraform(args, cwd, env = {}) {
  return new Promise((resolve) => {
    const child = spawn('terraform', [...args, '-no-color'], {
      cwd,
      env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** terraform init (no backend), failing with Terraform's own words. */
export async function init(cwd, env = {}) {
  const result = await terraform(['init', '-backend=false', '-input=false'], cwd, env);
  if (result.code !== 0) throw new Error(`terraform init in ${cwd} failed:\n${result.output}`);
}
