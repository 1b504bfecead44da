// Every resource and data source of infra/*.tf checked against the AWS provider's own schema, as published in the
// jsii assembly of @cdktf/provider-aws (generated from hashicorp/aws 6.x; the version is printed below): each
// argument and nested block exists (recursively, dynamic blocks included), and each attribute a reference reads
// exists on the resource it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tf, strings } from './hcl.mjs';

const require = createRequire(import.meta.url);
const pkg = require('@cdktf/provider-aws/package.json');
const assembly = JSON.parse(readFileSync(require.resolve('@cdktf/provider-aws/.jsii'), 'utf8'));
const providerVersion = pkg.cdktf.provider.version;

// Resource and data source classes by Terraform type, from the link every generated class documents.
const classes = { resource: {}, data: {} };
for (const [fqn, type] of Object.entries(assembly.types)) {
  const link = type.kind === 'class' && type.docs?.summary?.match(/\/docs\/(resources|data-sources)\/\w+ (aws_\w+)\}/);
  if (link) classes[link[1] === 'resources' ? 'resource' : 'data'][link[2]] = fqn;
}

const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const props = (fqn) => Object.fromEntries((assembly.types[fqn]?.properties ?? []).map((p) => [p.name, p.type]));

/** Problems of one block's arguments against a config struct, recursing into nested and dynamic blocks. */
function check(block, structFqn, where) {
  const known = props(structFqn);
  const problems = [];
  for (const [name, value] of Object.entries(block)) {
    if (META.has(name)) continue;
    if (name === 'dynamic') {
      for (const [blockName, dynamics] of Object.entries(value)) {
        for (const dynamic of dynamics) {
          for (const content of dynamic.content ?? []) problems.push(...nested(known, blockName, content, where));
        }
      }
      continue;
    }
    const type = known[camel(name)];
    if (!type) {
      problems.push(`${where}: "${name}" is not an argument of ${structFqn.split('.').pop()}`);
    } else if (Array.isArray(value) && value.length && typeof value[0] === 'object' && !Array.isArray(value[0])) {
      for (const item of value) problems.push(...nested(known, name, item, where));
    }
  }
  return problems;
}

function nested(known, name, item, where) {
  const type = known[camel(name)];
  if (!type) return [`${where}: block "${name}" is not part of the schema`];
  const fqn = structOf(type);
  return fqn ? check(item, fqn, `${where}.${name}`) : [];
}

/** The provider's struct a nested block is typed with, through lists and unions (e.g. IResolvable | Rule[]). */
function structOf(type) {
  if (type?.fqn) return type.fqn.startsWith('@cdktf/provider-aws') && assembly.types[type.fqn]?.kind === 'interface' ? type.fqn : undefined;
  if (type?.collection) return structOf(type.collection.elementtype);
  for (const member of type?.union?.types ?? []) {
    const fqn = structOf(member);
    if (fqn) return fqn;
  }
  return undefined;
}

test(`every argument and nested block is in the AWS provider's schema (${providerVersion})`, () => {
  assert.match(providerVersion, /^6\./, 'the schema must be that of the provider versions.tf allows (~> 6.0)');
  const problems = [];
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(tf[kind])) {
      const fqn = classes[kind][type];
      if (!fqn) {
        problems.push(`${kind} ${type} does not exist in the provider`);
        continue;
      }
      for (const [name, block] of Object.entries(byName)) problems.push(...check(block, `${fqn}Config`, `${type}.${name}`));
    }
  }
  assert.deepEqual(problems, []);
});

test('every attribute a reference reads exists on what it names', () => {
  const problems = [];
  for (const text of strings({ ...tf })) {
    for (const [, data, type, name, attr] of text.matchAll(/(data\.)?\b(aws_[a-z0-9_]+)\.([A-Za-z_][\w]*)(?:\[[^\]]*\])?\.([a-z_][a-z0-9_]*)/g)) {
      const kind = data ? 'data' : 'resource';
      if (!data && text.includes(`data.${type}.${name}`) && !text.includes(` ${type}.${name}`)) continue;
      const fqn = classes[kind][type];
      if (!fqn) continue; // the schema test reports unknown types
      if (!(camel(attr) in props(fqn))) problems.push(`${kind === 'data' ? 'data.' : ''}${type}.${name}.${attr}`);
    }
  }
  assert.deepEqual([...new Set(problems)], []);
});
