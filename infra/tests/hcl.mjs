// The Terraform configuration under test, parsed with HashiCorp's own HCL parser (compiled to WebAssembly in
// @cdktf/hcl2json). INFRA_UNDER_TEST points the checks at another copy of infra/ (the mutation tests do).
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const infra = process.env.INFRA_UNDER_TEST ?? join(root, 'infra');

const files = readdirSync(infra).filter((f) => f.endsWith('.tf')).sort();
export const parsed = Object.fromEntries(
  await Promise.all(files.map(async (f) => [f, await parse(f, readFileSync(join(infra, f), 'utf8'))])),
);

// One merged view: { variable: {name: block}, output, locals: {name: value}, resource: {type: {name: block}}, data }
export const tf = { variable: {}, output: {}, locals: {}, resource: {}, data: {} };
for (const doc of Object.values(parsed)) {
  for (const kind of ['variable', 'output']) {
    for (const [name, blocks] of Object.entries(doc[kind] ?? {})) tf[kind][name] = blocks[0];
  }
  for (const locals of doc.locals ?? []) Object.assign(tf.locals, locals);
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(doc[kind] ?? {})) {
      tf[kind][type] ??= {};
      for (const [name, blocks] of Object.entries(byName)) tf[kind][type][name] = blocks[0];
    }
  }
}

export const resource = (type, name) => tf.resource[type]?.[name];

/** Every string in a parsed value, keys included (expressions come through as "${…}" strings). */
export const strings = (value) =>
  typeof value === 'string' ? [value]
    : Array.isArray(value) ? value.flatMap(strings)
      : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]) : [];
