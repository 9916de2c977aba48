/**
 * Lab 04's recorded nat rules for nginx-service (/work/shared/lab/recordings: `iptables -S KUBE-SERVICES`, `-L` of
 * its service chain and both endpoint chains) read as one node's table, optionally edited first: the test's fault.
 */
import { readFileSync } from 'node:fs';
import type { ServicePortFacts } from '../../../support/services/portFacts.ts';
import type { NodeNat } from '../../../support/kubeproxy/facts.ts';
import { parseIptables, type NatTable } from '../../../support/kubeproxy/index.ts';
import { repoRoot } from '../network/labText.ts';

export const RECORDINGS = [
  'iptables-S-KUBE-SERVICES',
  'iptables-L-KUBE-SVC',
  'iptables-L-KUBE-SEP-1',
  'iptables-L-KUBE-SEP-2',
] as const;
export type Recording = (typeof RECORDINGS)[number];

export const NODE = 'k8-services-worker';
export const SVC_CHAIN = 'KUBE-SVC-6IM33IEVEEV7U3GP';
export const SEP1 = 'KUBE-SEP-M6MI3YLHVX7DA53R';
export const SEP2 = 'KUBE-SEP-MJ46KNWYZBDUIDMY';

export function recording(name: Recording): string {
  return readFileSync(`${repoRoot}/../shared/lab/recordings/${name}.txt`, 'utf8');
}

/** What the lab's kubectl outputs say about nginx-service: its VIP, port and the two ready endpoints. */
export const facts: ServicePortFacts = {
  namespace: 'default',
  service: 'nginx-service',
  portName: 'http',
  protocol: 'tcp',
  clusterIP: '10.96.204.67',
  port: 80,
  endpoints: ['192.168.156.5:80', '192.168.202.196:80'],
};

export function recordedNat(edit: (name: Recording, text: string) => string = (_, t) => t, node = NODE): NodeNat {
  const texts = RECORDINGS.map((name) => edit(name, recording(name)));
  const chains: NatTable['chains'] = new Map();
  for (const text of texts) for (const [name, chain] of parseIptables(text).chains) chains.set(name, chain);
  return {
    node,
    text: texts.join(''),
    table: { format: 'iptables-L', chains },
    command: ['docker', 'exec', node, 'iptables', '-t', 'nat', '-L', '-n', '-v'],
  };
}
