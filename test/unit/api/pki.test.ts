import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { createTwinPki, writeKubeconfig } from '../../../twin/api/index.ts';
import { twinPki, usablePki } from '../../../twin/control/pkiCache.ts';
import { tempDir } from '../../tempDir.ts';

const pki = createTwinPki();
const ca = new X509Certificate(pki.caPem);
const server = new X509Certificate(pki.serverCertPem);
const client = new X509Certificate(pki.clientCertPem);

test('the CA signs the server and client certificates and is a CA itself', () => {
  assert.equal(ca.ca, true);
  assert.equal(server.ca, false);
  assert.equal(server.checkIssued(ca), true);
  assert.equal(server.verify(ca.publicKey), true);
  assert.equal(client.verify(ca.publicKey), true);
});

test('the server certificate is valid for 127.0.0.1, localhost and kubernetes', () => {
  assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(server.checkHost('localhost'), 'localhost');
  assert.equal(server.checkHost('kubernetes'), 'kubernetes');
  assert.equal(server.checkHost('example.org'), undefined);
  assert.ok(server.keyUsage?.includes('1.3.6.1.5.5.7.3.1'), 'serverAuth extended key usage');
});

test("the client certificate is Kind's admin: CN=kubernetes-admin, O=system:masters", () => {
  assert.match(client.subject, /^CN=kubernetes-admin$/m);
  assert.match(client.subject, /^O=system:masters$/m);
  assert.ok(client.keyUsage?.includes('1.3.6.1.5.5.7.3.2'), 'clientAuth extended key usage');
});

test('each key belongs to its certificate', () => {
  const serverPublic = createPublicKey(createPrivateKey(pki.serverKeyPem)).export({ type: 'spki', format: 'pem' });
  const clientPublic = createPublicKey(createPrivateKey(pki.clientKeyPem)).export({ type: 'spki', format: 'pem' });
  assert.equal(serverPublic, server.publicKey.export({ type: 'spki', format: 'pem' }));
  assert.equal(clientPublic, client.publicKey.export({ type: 'spki', format: 'pem' }));
});

test("writeKubeconfig writes Kind's kubeconfig shape with mode 0600", () => {
  const path = join(tempDir('twin-kc-'), 'kubeconfig');
  writeKubeconfig(path, {
    server: 'https://127.0.0.1:6443',
    caPem: pki.caPem,
    clientCertPem: pki.clientCertPem,
    clientKeyPem: pki.clientKeyPem,
    name: 'kind-k8-services',
  });
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^clusters:\n- cluster:\n/m, 'sequences written unindented, as kind does');
  const config = parse(text);
  assert.equal(config.apiVersion, 'v1');
  assert.equal(config.kind, 'Config');
  assert.equal(config['current-context'], 'kind-k8-services');
  assert.deepEqual(config.contexts, [
    { context: { cluster: 'kind-k8-services', user: 'kind-k8-services' }, name: 'kind-k8-services' },
  ]);
  assert.equal(config.clusters[0].name, 'kind-k8-services');
  assert.equal(config.clusters[0].cluster.server, 'https://127.0.0.1:6443');
  const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
  assert.equal(decode(config.clusters[0].cluster['certificate-authority-data']), pki.caPem);
  assert.equal(config.users[0].name, 'kind-k8-services');
  assert.equal(decode(config.users[0].user['client-certificate-data']), pki.clientCertPem);
  assert.equal(decode(config.users[0].user['client-key-data']), pki.clientKeyPem);
});

test('the cached PKI is reused only while every certificate parses, chains to its CA and stays valid a week', () => {
  const dir = tempDir('labgate-pki-');
  const path = join(dir, 'pki.json');
  const first = twinPki(path);
  assert.deepEqual(twinPki(path), first, 'a usable cache is reused');
  assert.equal((statSync(path).mode & 0o777).toString(8), '600');
  const text = readFileSync(path, 'utf8');
  assert.ok(usablePki(text));
  const yearLater = Date.now() + 360 * 24 * 3_600_000; // the server certificate's year is nearly over
  assert.equal(usablePki(text, yearLater), undefined);
  assert.equal(usablePki('{"caPem":"nonsense"}'), undefined);
  assert.equal(usablePki(JSON.stringify({ ...first, serverCertPem: pki.serverCertPem })), undefined, 'another CA');
  writeFileSync(path, 'not json');
  assert.notDeepEqual(twinPki(path), first, 'an unreadable cache is replaced');
});
