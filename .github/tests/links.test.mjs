// The user documentation links only inside the repository, and every link resolves: README.md, docs/, infra/ and
// bench/ READMEs. A link is a relative path to a file that exists, with an optional #anchor that is a heading of that
// file (GitHub's slugs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pages = ['README.md', 'infra/README.md', 'bench/README.md',
  ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The text outside fenced code blocks and inline code, where a bracket is prose, not a link. */
const prose = (text) => text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(text) {
  const seen = new Map();
  const found = new Set();
  for (const [, heading] of text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    found.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return found;
}

function links(text) {
  return [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** What is wrong with the links of a page's text, one line each. */
function broken(page, text) {
  const problems = [];
  for (const link of links(text)) {
    if (/^[a-z]+:/i.test(link)) {
      problems.push(`${link}: links outside the repository`);
      continue;
    }
    const [path, anchor] = link.split('#');
    const target = path === '' ? join(root, page) : join(root, dirname(page), path);
    if (!existsSync(target)) {
      problems.push(`${link}: no ${relative(root, target)}`);
    } else if (anchor && (statSync(target).isDirectory() || !anchors(readFileSync(target, 'utf8')).has(anchor))) {
      problems.push(`${link}: no heading #${anchor} in ${relative(root, target)}`);
    }
  }
  return problems;
}

test('there are pages to check, and they have links', () => {
  assert.ok(pages.length >= 8, pages.join(', '));
  assert.ok(links(readFileSync(join(root, 'README.md'), 'utf8')).length >= 10);
});

for (const page of pages) {
  test(`every link in ${page} is relative and resolves`, () => {
    assert.deepEqual(broken(page, readFileSync(join(root, page), 'utf8')), []);
  });
}

test('the checks can fail: an outside link, a missing file and a missing heading are each found', () => {
  const text = 'See [a](https://example.com), [b](docs/no-such-page.md), [c](docs/deploy.md#no-such-heading), '
    + '[d](docs/deploy.md#tearing-down) and `[e](not/a/link.md)`.';
  assert.equal(broken('README.md', text).length, 3, broken('README.md', text).join('\n'));
});
