import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  base32,
  chainMatchesKubeProxyHash,
  kubeProxyEndpointChain,
  kubeProxyServiceChain,
} from '../../../support/kubeproxy/index.ts';
import { recording } from './paths.ts';

test('base32 matches the RFC 4648 test vectors', () => {
  const vectors: Array<[string, string]> = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ];
  for (const [input, expected] of vectors) assert.equal(base32(Buffer.from(input)), expected, `base32("${input}")`);
});

test('base32 agrees with coreutils base32 on random sha256-sized inputs', (t) => {
  const probe = spawnSync('base32', ['--version']);
  if (probe.error || probe.status !== 0) {
    t.skip('coreutils base32 is not installed');
    return;
  }
  for (let i = 0; i < 20; i++) {
    const bytes = randomBytes(32);
    const reference = spawnSync('base32', ['-w', '0'], { input: bytes, encoding: 'utf8' }).stdout.trim();
    assert.equal(base32(bytes), reference);
  }
});

/** The chain names printed in the lab's recordings, read from the recordings themselves. */
function recordedChains(): { service: string; endpoints: Map<string, string> } {
  const service = /-j (KUBE-SVC-[A-Z0-9]{16})/.exec(recording('iptables-S-KUBE-SERVICES.txt'))![1]!;
  const endpoints = new Map<string, string>();
  for (const file of ['iptables-L-KUBE-SEP-1.txt', 'iptables-L-KUBE-SEP-2.txt']) {
    const text = recording(file);
    const chain = /^Chain (KUBE-SEP-[A-Z0-9]{16})/.exec(text)![1]!;
    endpoints.set(/to:(\S+)/.exec(text)![1]!, chain);
  }
  return { service, endpoints };
}

test("kube-proxy chain names reproduce the lab's recorded nginx-service chains", () => {
  const { service, endpoints } = recordedChains();
  assert.equal(service, 'KUBE-SVC-6IM33IEVEEV7U3GP');
  assert.equal(kubeProxyServiceChain('default/nginx-service:http', 'tcp'), service);
  assert.equal(kubeProxyServiceChain('default/nginx-service:http', 'TCP'), service, 'protocol is lower-cased');
  assert.equal(endpoints.size, 2);
  for (const [address, chain] of endpoints) {
    assert.equal(kubeProxyEndpointChain('default/nginx-service:http', 'tcp', address), chain, address);
  }
  assert.equal(endpoints.get('192.168.156.5:80'), 'KUBE-SEP-M6MI3YLHVX7DA53R');
  assert.equal(endpoints.get('192.168.202.196:80'), 'KUBE-SEP-MJ46KNWYZBDUIDMY');
});

test('chain names of the services every cluster has (seen on any kubeadm/Kind node)', () => {
  assert.equal(kubeProxyServiceChain('default/kubernetes:https', 'tcp'), 'KUBE-SVC-NPX46M4PTMTKRN6Y');
  assert.equal(kubeProxyServiceChain('kube-system/kube-dns:dns', 'udp'), 'KUBE-SVC-TCOU7JCQXEZGVUNU');
  assert.equal(kubeProxyServiceChain('kube-system/kube-dns:dns-tcp', 'tcp'), 'KUBE-SVC-ERIFXISQEP7F7OF4');
});

test('the matcher accepts the right name and refuses a wrong service, protocol or endpoint', () => {
  const { service, endpoints } = recordedChains();
  assert.equal(chainMatchesKubeProxyHash(service, 'service', 'default/nginx-service:http', 'tcp'), true);
  assert.equal(chainMatchesKubeProxyHash(service, 'service', 'default/nginx-service:http', 'udp'), false);
  assert.equal(chainMatchesKubeProxyHash(service, 'service', 'default/other:http', 'tcp'), false);
  const sep = endpoints.get('192.168.156.5:80')!;
  assert.equal(
    chainMatchesKubeProxyHash(sep, 'endpoint', 'default/nginx-service:http', 'tcp', '192.168.156.5:80'),
    true,
  );
  assert.equal(
    chainMatchesKubeProxyHash(sep, 'endpoint', 'default/nginx-service:http', 'tcp', '192.168.202.196:80'),
    false,
  );
  assert.equal(
    chainMatchesKubeProxyHash(sep, 'endpoint', 'default/nginx-service:http', 'tcp'),
    false,
    'no endpoint given',
  );
});

test('an unnamed port matches in both the old "ns/name:" and the new "ns/name" spelling', () => {
  const oldStyle = kubeProxyServiceChain('default/plain:', 'tcp');
  const newStyle = kubeProxyServiceChain('default/plain', 'tcp');
  assert.notEqual(oldStyle, newStyle, 'the two spellings hash differently');
  for (const chain of [oldStyle, newStyle]) {
    assert.equal(chainMatchesKubeProxyHash(chain, 'service', 'default/plain', 'tcp'), true);
    assert.equal(chainMatchesKubeProxyHash(chain, 'service', 'default/plain:', 'tcp'), true);
  }
  const oldSep = kubeProxyEndpointChain('default/plain:', 'tcp', '10.0.0.1:8080');
  assert.equal(chainMatchesKubeProxyHash(oldSep, 'endpoint', 'default/plain', 'tcp', '10.0.0.1:8080'), true);
  // a named port has one spelling only
  assert.equal(
    chainMatchesKubeProxyHash(kubeProxyServiceChain('default/x:', 'tcp'), 'service', 'default/x:http', 'tcp'),
    false,
  );
});
