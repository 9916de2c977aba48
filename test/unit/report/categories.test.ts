import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoriesForMessage, categoryRegExp, labgateCategories } from '../../../support/report/categories.ts';

// Failure messages worded the way the suite words them; each names exactly one cause.
const SORTED: Array<[string, string]> = [
  ['Kubernetes API https://127.0.0.1:6443 is unreachable: connect ECONNREFUSED 127.0.0.1:6443', 'Target unreachable'],
  [
    'node container k8-services-worker: Error response from daemon: No such container: k8-services-worker',
    'Target unreachable',
  ],
  [
    'lab drift: the lab text expects DaemonSet multitool-1, the lab has none (its tools/ folder ships only nginx)',
    'Lab drift',
  ],
  ['nginx-service did not resolve from multitool-1-bgssq: NXDOMAIN', 'DNS'],
  ['could not connect to nginx-service:80 because the DNS lookup timed out', 'DNS'],
  [
    'KUBE-SVC-6IM33IEVEEV7U3GP: expected rule 2 probability 0.5, found 0.33333333349 (iptables -t nat on k8-services-worker)',
    'Service dataplane (kube-proxy, iptables, EndpointSlice)',
  ],
  [
    'EndpointSlice nginx-service-6zrf8 lists 1 address, expected the 2 nginx pod IPs',
    'Service dataplane (kube-proxy, iptables, EndpointSlice)',
  ],
  [
    'connection to 10.96.204.67:80 timed out; kube-proxy has no KUBE-SEP chain for 192.168.202.196:80',
    'Service dataplane (kube-proxy, iptables, EndpointSlice)',
  ],
  ['telnet nginx-service 80 from multitool-1-bgssq: Connection refused', 'Connectivity'],
  ['expected "HTTP/1.1 400 Bad Request" from nginx, got no answer within 5 s', 'Connectivity'],
];

test('each failure message lands in exactly the category of its cause', () => {
  for (const [message, category] of SORTED) {
    assert.deepEqual(categoriesForMessage(message), [category], message);
  }
});

test('matching ignores case and spans the lines of a message with a stack trace', () => {
  assert.deepEqual(
    categoriesForMessage('Error: Lookup failed\n  dns server 10.96.0.10 said SERVFAIL\n    at step (x.ts:1:1)'),
    ['DNS'],
  );
  assert.deepEqual(categoriesForMessage('Error: step failed\n    at IPTABLES parse'), [
    'Service dataplane (kube-proxy, iptables, EndpointSlice)',
  ]);
});

test("a message naming no known cause is left to Allure's default categories", () => {
  assert.deepEqual(categoriesForMessage('expected 3 to equal 2'), []);
});

test('categories are valid Allure definitions for failed and broken results only', () => {
  const names = labgateCategories.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, 'unique names');
  for (const c of labgateCategories) {
    assert.ok(c.messageRegex || c.traceRegex, `${c.name} matches on something`);
    assert.ok(c.matchedStatuses.length > 0 && c.matchedStatuses.every((s) => s === 'failed' || s === 'broken'));
    for (const pattern of [c.messageRegex, c.traceRegex].filter(Boolean) as string[]) {
      assert.match(pattern, /^\(\?i?s\)/, 'inline flags for Java');
      assert.doesNotThrow(() => categoryRegExp(pattern));
    }
  }
  const defect = labgateCategories.find((c) => c.name === 'labgate defect')!;
  assert.ok(
    categoryRegExp(defect.traceRegex!).test(
      "TypeError: Cannot read properties of undefined (reading 'spec')\n    at x",
    ),
  );
  assert.ok(!categoryRegExp(defect.traceRegex!).test('AssertionError: expected 1 to equal 2\n    at y'));
});
