// Prints the Inputs and Outputs tables of infra/README.md (between BEGIN_TF_DOCS and END_TF_DOCS), in the
// terraform-docs layout, from the parsed variables and outputs. `node docs.mjs --check` fails when README drifts.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

const infra = join(dirname(fileURLToPath(import.meta.url)), '..');
// The .tf files may be a copy under test (the mutation tests); the README is always this one.
const tfDir = process.env.INFRA_UNDER_TEST ?? infra;
const variables = {};
const outputs = {};
for (const f of readdirSync(tfDir).filter((name) => name.endsWith('.tf')).sort()) {
  const doc = await parse(f, readFileSync(join(tfDir, f), 'utf8'));
  for (const [n, b] of Object.entries(doc.variable ?? {})) variables[n] = b[0];
  for (const [n, b] of Object.entries(doc.output ?? {})) outputs[n] = b[0];
}
const cell = (text) => String(text).replace(/\$\{(.*)\}/s, '$1').replace(/\s+/g, ' ').replace(/\|/g, '\\|');
const value = (v) => (v === undefined ? 'n/a' : v === null ? '`null`' : '`' + cell(JSON.stringify(v)) + '`');
const lines = ['## Inputs', '', '| Name | Description | Type | Default | Required |', '|------|-------------|------|---------|:--------:|'];
for (const [name, v] of Object.entries(variables).sort(([a], [b]) => a.localeCompare(b))) {
  lines.push(`| ${name} | ${cell(v.description)} | \`${cell(v.type)}\` | ${value(v.default)} | ${'default' in v ? 'no' : 'yes'} |`);
}
lines.push('', '## Outputs', '', '| Name | Description |', '|------|-------------|');
for (const [name, o] of Object.entries(outputs).sort(([a], [b]) => a.localeCompare(b))) lines.push(`| ${name} | ${cell(o.description)} |`);
const block = `<!-- BEGIN_TF_DOCS -->\n${lines.join('\n')}\n<!-- END_TF_DOCS -->`;

const readmePath = join(infra, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = readme.replace(/<!-- BEGIN_TF_DOCS -->[\s\S]*<!-- END_TF_DOCS -->/, block);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('infra/README.md is out of date: run node infra/tests/docs.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(readmePath, updated);
}
