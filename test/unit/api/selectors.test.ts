import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ApiError,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../../../twin/api/index.ts';
import type { KubeObject } from '../../../twin/api/index.ts';

const labels = { app: 'nginx', tier: 'web', 'kubernetes.io/service-name': 'nginx-service' };
const matches = (selector: string) => matchesLabels(parseLabelSelector(selector), labels);

test('label selector equality operators', () => {
  assert.equal(matches('app=nginx'), true);
  assert.equal(matches('app==nginx'), true);
  assert.equal(matches('app=other'), false);
  assert.equal(matches('app!=other'), true);
  assert.equal(matches('app!=nginx'), false);
  assert.equal(matches('missing!=x'), true, '!= matches objects without the key');
  assert.equal(matches('kubernetes.io/service-name=nginx-service'), true);
});

test('label selector set-based operators and existence', () => {
  assert.equal(matches('app in (nginx, multitool)'), true);
  assert.equal(matches('app in (multitool)'), false);
  assert.equal(matches('app notin (multitool)'), true);
  assert.equal(matches('app notin (nginx,multitool)'), false);
  assert.equal(matches('tier'), true);
  assert.equal(matches('missing'), false);
  assert.equal(matches('!missing'), true);
  assert.equal(matches('!app'), false);
  assert.equal(matches('app in (nginx),tier=web,!missing'), true);
  assert.equal(matches('app in (nginx),tier=db'), false);
  assert.equal(matches(''), true, 'an empty selector selects everything');
});

test('malformed label selectors are a BadRequest', () => {
  for (const bad of ['app=ngi nx', 'app in (a', '=x', 'app=' + 'x'.repeat(64)]) {
    assert.throws(
      () => parseLabelSelector(bad),
      (err: unknown) => err instanceof ApiError && err.code === 400,
      bad,
    );
  }
});

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'k8-services-worker', hostNetwork: false },
  status: { phase: 'Running' },
};
const fieldMatch = (selector: string) => matchesFields(parseFieldSelector(selector), pod);

test('field selectors compare the value at a dotted path', () => {
  assert.equal(fieldMatch('spec.nodeName=k8-services-worker'), true);
  assert.equal(fieldMatch('spec.nodeName==k8-services-worker2'), false);
  assert.equal(fieldMatch('spec.nodeName!=k8-services-worker2'), true);
  assert.equal(fieldMatch('metadata.name=web-1,metadata.namespace=default'), true);
  assert.equal(fieldMatch('status.phase=Running,metadata.namespace!=default'), false);
  assert.equal(fieldMatch('spec.hostNetwork=false'), true);
  assert.equal(fieldMatch('spec.missing='), true, 'an absent field reads as the empty string');
});

test('malformed field selectors are a BadRequest', () => {
  for (const bad of ['spec.nodeName', 'a=b=c', 'x in (y)']) {
    assert.throws(
      () => parseFieldSelector(bad),
      (err: unknown) => err instanceof ApiError && err.code === 400,
      bad,
    );
  }
});
