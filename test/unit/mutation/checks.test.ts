/**
 * Lab 16's promises after its changes, judged on the lab's own manifests: the address static-pod's annotation asks
 * for, the reservation and pool the deploy applies. Each check passes on what the lab promises and fails, with its
 * own words, on the one change that breaks the promise.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { CoreV1Event } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import {
  calicoCidrs,
  eventNamesAddress,
  podAtRequestedAddress,
  podBackAtAddress,
  podHeldBack,
  podInPoolOutsideReservation,
} from '../../../support/mutation/checks.ts';
import { requestedAddress } from '../../../support/mutation/podWaits.ts';
import { courseDir } from '../network/labText.ts';

function manifest(
  file: string,
): Record<string, { metadata?: { annotations?: Record<string, string> } } & Record<string, unknown>> {
  const docs = parseAllDocuments(readFileSync(path.join(courseDir, '16-static-ip', file), 'utf8'));
  return Object.fromEntries(
    docs
      .map((d) => d.toJS())
      .filter(Boolean)
      .map((o) => [o.metadata.name as string, o]),
  );
}

const staticPod = manifest('tools/02-static-pod.yaml')['static-pod']!;
const reservation = manifest('tools/04-ip-reservation.yaml')['reserved-ips'] as { spec: { reservedCIDRs: string[] } };
const asked = requestedAddress(staticPod);
const reserved = reservation.spec.reservedCIDRs[0]!;

test("static-pod's annotation asks for 192.168.100.10: the pod there passes, a pool address fails", () => {
  assert.equal(asked, '192.168.100.10');
  const ok = podAtRequestedAddress('static-pod', asked, asked);
  assert.equal(ok.observed, ok.expected);
  const bad = podAtRequestedAddress('static-pod', '192.168.0.66', asked);
  assert.notEqual(bad.observed, bad.expected);
  assert.match(bad.message, /is at 192\.168\.0\.66, not at 192\.168\.100\.10/);
  assert.doesNotMatch(ok.message, /not at/);
});

test('a re-created pod back at its address passes; another address, or none noted before, fails', () => {
  assert.equal(podBackAtAddress('static-pod', asked, asked).observed, asked);
  const moved = podBackAtAddress('static-pod', '192.168.0.67', asked);
  assert.notEqual(moved.observed, moved.expected);
  assert.match(moved.message, /not back at 192\.168\.100\.10/);
  assert.match(podBackAtAddress('static-pod', '', '').message, /not back at none/);
});

test("a dynamic address in the pool outside the lab's reservation passes; one inside it or outside the pool fails", () => {
  const pool = '192.168.0.0/16';
  const ok = podInPoolOutsideReservation('dynamic-pod', '192.168.0.65', pool, reserved);
  assert.deepEqual(ok.observed, ok.expected);
  const inside = podInPoolOutsideReservation('dynamic-pod', '192.168.100.9', pool, reserved);
  assert.notDeepEqual(inside.observed, inside.expected);
  assert.match(inside.message, /inside the reservation 192\.168\.100\.8\/29/);
  const outside = podInPoolOutsideReservation('dynamic-pod', '10.0.0.5', pool, reserved);
  assert.match(outside.message, /outside the pool/);
  assert.notDeepEqual(podInPoolOutsideReservation('dynamic-pod', '', pool, reserved).observed, ok.expected);
});

test('a pod held in ContainerCreating passes; one that became Ready, or is in another state, fails', () => {
  const held = podHeldBack('default/duplicate-pod', 'ContainerCreating', {
    seconds: 10,
    becameReady: false,
    state: 'ContainerCreating',
    address: '',
  });
  assert.equal(held.observed, held.expected);
  const ready = podHeldBack('default/duplicate-pod', 'ContainerCreating', {
    seconds: 10,
    becameReady: true,
    state: 'Running',
    address: asked,
  });
  assert.notEqual(ready.observed, ready.expected);
  assert.match(ready.message, /became Ready \(address 192\.168\.100\.10\)/);
  const other = podHeldBack('default/duplicate-pod', 'ContainerCreating', {
    seconds: 10,
    becameReady: false,
    state: 'ImagePullBackOff',
    address: '',
  });
  assert.match(other.message, /is ImagePullBackOff, not ContainerCreating/);
});

test('an Event naming the address passes; none, another reason, or another address (a prefix of it) fails', () => {
  const event = (reason: string, message: string) => ({ reason, message }) as CoreV1Event;
  const message = `Failed to create pod sandbox: resource already exists: ${asked}`;
  const ok = eventNamesAddress(
    'duplicate-pod',
    [event('FailedCreatePodSandBox', message)],
    'FailedCreatePodSandBox',
    asked,
  );
  assert.equal(ok.observed, true);
  for (const events of [
    [],
    [event('Scheduled', message)],
    [event('FailedCreatePodSandBox', 'resource already exists: 192.168.100.100')],
  ]) {
    const f = eventNamesAddress('duplicate-pod', events, 'FailedCreatePodSandBox', asked);
    assert.equal(f.observed, false);
    assert.match(f.message, /no FailedCreatePodSandBox Event on pod duplicate-pod names 192\.168\.100\.10/);
  }
});

test("the reservation's CIDRs as the lab applies them pass; another or none fails", () => {
  assert.deepEqual(calicoCidrs('IPReservation reserved-ips', [reserved], [reserved]).observed, [reserved]);
  const other = calicoCidrs('IPReservation reserved-ips', ['192.168.100.0/29'], [reserved]);
  assert.notDeepEqual(other.observed, other.expected);
  assert.match(other.message, /holds 192\.168\.100\.0\/29, where the lab has 192\.168\.100\.8\/29/);
  assert.match(calicoCidrs('IPPool default-ipv4-ippool', [], ['192.168.0.0/16']).message, /holds none/);
});
