// Run by the build before anything else: the tools the tests need beyond the JDK, each named with what to install.
import { spawnSync } from 'node:child_process';
import { requireTerraform } from './terraform.mjs';

const problems = [];
const [major] = process.versions.node.split('.').map(Number);
if (major < 18) problems.push(`Node.js ${process.versions.node} is too old: install Node.js 20 (see README.md, Prerequisites).`);
if (spawnSync('npm', ['--version']).status !== 0) problems.push('npm is not on the PATH: install npm with Node.js 20 (see README.md, Prerequisites).');
try {
  requireTerraform();
} catch (e) {
  problems.push(e.message);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
