import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Ascii } from '../../../support/dataplane/sha256.ts';

const expected = (text: string) => createHash('sha256').update(text).digest('hex');
const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('hex') : null);

test('sha256Ascii equals node:crypto for every length across the block boundaries', () => {
  for (let n = 0; n <= 200; n++) {
    const text = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 37 + n) % 95))).join('');
    assert.equal(hex(sha256Ascii(text)), expected(text), `length ${n}`);
  }
});

test('sha256Ascii equals node:crypto on kube-proxy chain-name inputs', () => {
  for (const text of ['', 'abc', 'kube-system/kube-dns:dnsudp', 'bench-12/svc-12345:httptcp10.129.1.2:8080', 'ns/svc:tcp[fd00::5]:80']) {
    assert.equal(hex(sha256Ascii(text)), expected(text));
  }
});

test('sha256Ascii leaves text with non-ASCII characters to node:crypto', () => {
  assert.equal(sha256Ascii('ns/café:http'), null);
  assert.equal(sha256Ascii('\u0080'), null);
});
