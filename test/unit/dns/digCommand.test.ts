/** The dig command a feature writes reaches a pod only in the shape the labs use; anything else is refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabgateError } from '../../../support/floor/errors.ts';
import { digArgv } from '../../../support/dns/digCommand.ts';

test("the lab texts' dig commands become argument arrays", () => {
  assert.deepEqual(digArgv('dig nginx-service'), ['dig', 'nginx-service']);
  assert.deepEqual(digArgv('dig +search nginx-service.default'), ['dig', '+search', 'nginx-service.default']);
  assert.deepEqual(digArgv('dig +short @10.96.0.10 SRV nginx-service.default.svc.cluster.local.'), [
    'dig',
    '+short',
    '@10.96.0.10',
    'SRV',
    'nginx-service.default.svc.cluster.local.',
  ]);
  assert.deepEqual(digArgv('dig +nosearch +tcp redis-0.redis-headless'), [
    'dig',
    '+nosearch',
    '+tcp',
    'redis-0.redis-headless',
  ]);
});

test('shell operators, other programs, unknown options and odd names are refused in one line', () => {
  for (const bad of [
    'dig nginx-service; rm -rf /',
    'dig $(id)',
    'nslookup nginx-service',
    'dig -f /etc/passwd nginx',
    'dig +search',
    'dig a b',
    'dig NGINX_SERVICE',
    'dig `id`',
    'dig nginx | sh',
  ]) {
    assert.throws(
      () => digArgv(bad),
      (err: unknown) => err instanceof LabgateError && !err.oneLine().includes('\n'),
      bad,
    );
  }
});
