/**
 * kube-proxy's chain names checked from the other side (which hash a chain carries, which spelling made it),
 * and the probability and binomial helpers at their edges: exact boundaries, degenerate and invalid arguments.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binomialAcceptance, binomialPmf } from '../../../support/kubeproxy/binomial.ts';
import {
  chainHasServiceHash,
  endpointChainHasHash,
  kubeProxyEndpointChain,
  kubeProxyServiceChain,
  serviceHashes,
  servicePortName,
  servicePortNameSpellings,
  spellingOfChain,
} from '../../../support/kubeproxy/kubeProxyNames.ts';
import { PROBABILITY_TOLERANCE, probabilityMatches } from '../../../support/kubeproxy/probability.ts';
import { SEP1, SVC_CHAIN } from './recordedRules.ts';

const HASH = SVC_CHAIN.slice('KUBE-SVC-'.length);
const NAMED = 'default/nginx-service:http';

test('service port names and their spellings: named ports have one, unnamed ports both', () => {
  assert.equal(servicePortName('default', 'nginx-service', 'http'), NAMED);
  assert.equal(servicePortName('kube-system', 'plain', ''), 'kube-system/plain');
  assert.deepEqual(servicePortNameSpellings(NAMED), [NAMED]);
  assert.deepEqual(servicePortNameSpellings('default/plain'), ['default/plain', 'default/plain:']);
  assert.deepEqual(servicePortNameSpellings('default/plain:'), ['default/plain:', 'default/plain']);
  assert.deepEqual(servicePortNameSpellings('default/x:ab'), ['default/x:ab']);
});

test("a chain carries the service's hash under any of kube-proxy's service prefixes, and only there", () => {
  assert.deepEqual(serviceHashes(NAMED, 'TCP'), [HASH]);
  assert.deepEqual(serviceHashes('default/plain', 'tcp'), [
    kubeProxyServiceChain('default/plain', 'tcp').slice(9),
    kubeProxyServiceChain('default/plain:', 'tcp').slice(9),
  ]);
  for (const prefix of ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-', 'KUBE-XLB-'])
    assert.equal(chainHasServiceHash(`${prefix}${HASH}`, [HASH]), true, prefix);
  assert.equal(chainHasServiceHash(`KUBE-SEP-${HASH}`, [HASH]), false);
  assert.equal(chainHasServiceHash(`X-KUBE-SVC-${HASH}`, [HASH]), false);
  assert.equal(chainHasServiceHash(HASH, [HASH]), false);
  assert.equal(chainHasServiceHash(SVC_CHAIN, ['AAAAAAAAAAAAAAAA']), false);
  assert.equal(chainHasServiceHash(SVC_CHAIN, [SVC_CHAIN]), false);
});

test('the spelling a chain was hashed from: the named port, either unnamed spelling, or none', () => {
  assert.equal(spellingOfChain(SVC_CHAIN, NAMED, 'TCP'), NAMED);
  assert.equal(spellingOfChain(SVC_CHAIN, NAMED, 'udp'), undefined);
  assert.equal(spellingOfChain(`KUBE-MARK-${HASH}`, NAMED, 'tcp'), undefined);
  assert.equal(
    spellingOfChain(kubeProxyServiceChain('default/plain:', 'tcp'), 'default/plain', 'tcp'),
    'default/plain:',
  );
  assert.equal(
    spellingOfChain(
      kubeProxyServiceChain('default/plain', 'tcp').replace('KUBE-SVC-', 'KUBE-EXT-'),
      'default/plain:',
      'tcp',
    ),
    'default/plain',
  );
});

test("an endpoint chain's hash: the recorded chain of 192.168.156.5:80; other spellings, endpoints and shapes refused", () => {
  assert.equal(endpointChainHasHash(SEP1, NAMED, 'TCP', '192.168.156.5:80'), true);
  assert.equal(endpointChainHasHash(SEP1, NAMED, 'tcp', '192.168.202.196:80'), false);
  assert.equal(endpointChainHasHash(SEP1, NAMED, 'udp', '192.168.156.5:80'), false);
  assert.equal(endpointChainHasHash(SEP1.replace('KUBE-SEP-', 'KUBE-SVC-'), NAMED, 'tcp', '192.168.156.5:80'), false);
  assert.equal(endpointChainHasHash(`${SEP1}X`, NAMED, 'tcp', '192.168.156.5:80'), false);
  assert.equal(endpointChainHasHash(`X${SEP1.slice(1)}`, NAMED, 'tcp', '192.168.156.5:80'), false);
  // an unnamed port: the other spelling is tried too, never the same one twice
  const old = kubeProxyEndpointChain('default/plain:', 'tcp', '10.0.0.1:8080');
  assert.equal(endpointChainHasHash(old, 'default/plain', 'tcp', '10.0.0.1:8080'), true);
  assert.equal(endpointChainHasHash(old, 'default/plain:', 'tcp', '10.0.0.1:8080'), true);
  assert.equal(endpointChainHasHash(old, 'default/plain', 'tcp', '10.0.0.2:8080'), false);
  assert.equal(
    endpointChainHasHash(
      kubeProxyEndpointChain(NAMED, 'tcp', '10.0.0.1:8080'),
      'default/plain',
      'tcp',
      '10.0.0.1:8080',
    ),
    false,
  );
});

test('probabilities match within the tolerance, inclusive; no rule probability never matches a number', () => {
  assert.equal(PROBABILITY_TOLERANCE, 1e-5);
  assert.equal(probabilityMatches(PROBABILITY_TOLERANCE, 0), true);
  assert.equal(probabilityMatches(2 * PROBABILITY_TOLERANCE, 0), false);
  assert.equal(probabilityMatches(null, 0), false);
  assert.equal(probabilityMatches(undefined, 0), false);
  assert.equal(probabilityMatches(undefined, 0.5), false);
});

test('binomial edges: n = 0, p = 0 and 1 exactly, a tail that fills its budget exactly, and refusals by name', () => {
  assert.deepEqual(binomialPmf(0, 0.3), [1]);
  assert.deepEqual(binomialPmf(4, 0), [1, 0, 0, 0, 0]);
  assert.deepEqual(binomialPmf(4, 1), [0, 0, 0, 0, 1]);
  // Binomial(2, 1/2) is 1/4, 1/2, 1/4: at a false-alarm rate of 1/2 each tail of exactly 1/4 is still allowed
  assert.deepEqual(binomialAcceptance(2, 0.5, 0.5), { low: 1, high: 1, outsideProbability: 0.5 });
  assert.throws(() => binomialPmf(-1, 0.5), { name: 'RangeError', message: 'n must be a whole number >= 0, got -1' });
  assert.throws(() => binomialPmf(2.5, 0.5), { name: 'RangeError', message: 'n must be a whole number >= 0, got 2.5' });
  assert.throws(() => binomialPmf(3, -0.1), { name: 'RangeError', message: 'p must be between 0 and 1, got -0.1' });
  assert.throws(() => binomialPmf(3, Number.NaN), {
    name: 'RangeError',
    message: 'p must be between 0 and 1, got NaN',
  });
  assert.throws(() => binomialAcceptance(10, 0.5, 1), {
    name: 'RangeError',
    message: 'falseAlarmRate must be between 0 and 1, got 1',
  });
  assert.throws(() => binomialAcceptance(10, 0.5, Number.NaN), {
    name: 'RangeError',
    message: 'falseAlarmRate must be between 0 and 1, got NaN',
  });
});

test("an endpoint chain name one character too long is not kube-proxy's, even when it ends in the hash", () => {
  assert.equal(
    endpointChainHasHash(`KUBE-SEP-X${SEP1.slice('KUBE-SEP-'.length)}`, NAMED, 'tcp', '192.168.156.5:80'),
    false,
  );
});
