// @actions/workflow-parser imports its schema (a .json file) without the import attribute Node 20 requires; this
// hook loads .json modules as JSON, as bundlers and newer Node versions do. Run the tests with --import ./json-modules.mjs.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
import { readFile } from 'node:fs/promises';
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('.json')) {
    return { format: 'json', shortCircuit: true, source: await readFile(new URL(url), 'utf8') };
  }
  return nextLoad(url, context);
}`));
