// fal's own JavaScript client (@fal-ai/client from npm) pointed at the running function's proxy route with
// proxyUrl, as a browser app would be. Run by FalJsClientTest (./mvnw verify), which starts the function with a fal
// stand-in behind it and sets PROXY_URL and KEY_THAT_MUST_NOT_LEAK.
import { test } from 'node:test';
import assert from 'node:assert/strict';

// Everything the function answers, to prove the fal key is never in it; set before the client takes fetch.
const answers = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
  const response = await realFetch(...args);
  const copy = response.clone();
  answers.push(JSON.stringify([...copy.headers]) + (await copy.text()));
  return response;
};
const { fal, createFalClient, ApiError, ValidationError } = await import('@fal-ai/client');

const MODEL = 'fal-ai/ideogram/character/remix';
const key = process.env.KEY_THAT_MUST_NOT_LEAK;
// Each caller signs in to the app's API (a JWT authorizer in front of the proxy) and sends its token along.
const signedIn = (token) => async (request) =>
  token ? { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } } : request;
// A browser proxies always; in Node the client must be told to.
const proxyUrl = { url: process.env.PROXY_URL, when: 'always' };
fal.config({ proxyUrl, requestMiddleware: signedIn(process.env.ALICE_TOKEN), suppressLocalCredentialsWarning: true });
const bob = createFalClient({ proxyUrl, requestMiddleware: signedIn(process.env.BOB_TOKEN),
  suppressLocalCredentialsWarning: true });

const input = {
  prompt: 'The mascot surfing a huge wave at sunset',
  image_url: 'https://v3.fal.media/files/panda/a.avif',
  reference_image_urls: ['https://v3.fal.media/files/kangaroo/b.png'],
};

test('fal.subscribe returns the images', async () => {
  const result = await fal.subscribe(MODEL, { input, pollInterval: 50 });
  assert.ok(result.requestId);
  assert.match(result.data.images[0].url, /\/files\/.+\.png$/);
  assert.equal(typeof result.data.seed, 'number');
});

test('fal.queue submit, status, result', async () => {
  const { request_id: requestId } = await fal.queue.submit(MODEL, { input });
  assert.ok(requestId);
  let status = await fal.queue.status(MODEL, { requestId, logs: true });
  for (let i = 0; i < 100 && status.status !== 'COMPLETED'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await fal.queue.status(MODEL, { requestId });
  }
  assert.equal(status.status, 'COMPLETED');
  const result = await fal.queue.result(MODEL, { requestId });
  assert.equal(result.requestId, requestId);
  assert.ok(result.data.images.length > 0);
});

test('fal.queue.cancel cancels a queued job', async () => {
  const first = await fal.queue.submit(MODEL, { input });
  const second = await fal.queue.submit(MODEL, { input });
  await fal.queue.cancel(MODEL, { requestId: second.request_id });
  const status = await fal.queue.status(MODEL, { requestId: second.request_id });
  assert.equal(status.status, 'COMPLETED'); // fal ends a cancelled job COMPLETED
  await assert.rejects(fal.queue.result(MODEL, { requestId: second.request_id }), ApiError);
  assert.ok(first.request_id);
});

test('a bad input comes back as fal\'s own validation error, before any spend', async () => {
  await assert.rejects(fal.subscribe(MODEL, { input: { ...input, prompt: 42, num_images: 9 } }), (error) => {
    assert.ok(error instanceof ValidationError, `${error}`);
    assert.equal(error.status, 422);
    const fields = error.fieldErrors.map((f) => f.loc.slice(1).join('.'));
    assert.deepEqual(fields.sort(), ['num_images', 'prompt']);
    return true;
  });
});

test('another model is refused, and the client shows why', async () => {
  await assert.rejects(fal.subscribe('fal-ai/flux/dev', { input: { prompt: 'a cat' } }), (error) => {
    assert.ok(error instanceof ApiError, `${error}`);
    assert.equal(error.status, 403);
    assert.match(error.message, /forwards only fal-ai\/ideogram\/character\/remix/);
    assert.match(error.body.detail, /forwards only/);
    return true;
  });
});

test('another caller cannot follow, read or cancel a request', { skip: !process.env.BOB_TOKEN }, async () => {
  const { request_id: requestId } = await fal.queue.submit(MODEL, { input });
  for (const attempt of [
    () => bob.queue.status(MODEL, { requestId }),
    () => bob.queue.result(MODEL, { requestId }),
    () => bob.queue.cancel(MODEL, { requestId }),
  ]) {
    await assert.rejects(attempt(), (error) => {
      assert.ok(error instanceof ApiError, `${error}`);
      assert.equal(error.status, 404);
      assert.match(error.message, /No such request/);
      return true;
    });
  }
  const status = await fal.queue.status(MODEL, { requestId });
  assert.ok(['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED'].includes(status.status));
});

test('the fal key never reaches the client', () => {
  assert.ok(key && key.length > 8);
  assert.ok(answers.length > 10, `only ${answers.length} answers seen`);
  const [id, secret] = key.split(':');
  for (const answer of answers) {
    assert.ok(!answer.includes(key) && !answer.includes(id) && !answer.includes(secret), answer.slice(0, 200));
  }
});
