/**
 * kube-proxy's filter-table rules for Service ports without ready endpoints (iptables mode, v1.28): a REJECT in
 * the filter table's KUBE-SERVICES chain, reached from FORWARD and OUTPUT for new connections. A client of such a
 * Service is refused at once (ICMP port unreachable), as on a real node; without these rules its packets would
 * have no translation and be dropped unanswered.
 */
import { servicePortName } from '../shared.ts';
import type { KubeProxyNatInput } from './rules.ts';

/** [chain, comment]: the jumps kube-proxy keeps from the built-in chains to the filter table's KUBE-SERVICES. */
const FILTER_JUMPS: ReadonlyArray<readonly [string, string]> = [
  ['FORWARD', 'kubernetes service portals'],
  ['OUTPUT', 'kubernetes service portals'],
];

function rejectLines(input: KubeProxyNatInput): string[] {
  return input.services
    .filter((s) => s.endpoints.length === 0)
    .map((s) => {
      const proto = s.protocol.toLowerCase();
      const name = servicePortName(s.namespace, s.name, s.portName);
      const match = `-d ${s.clusterIP}/32 -p ${proto} -m comment --comment "${name} has no endpoints"`;
      return `-A KUBE-SERVICES ${match} -m ${proto} --dport ${s.port} -j REJECT --reject-with icmp-port-unreachable`;
    });
}

/**
 * The `*filter ... COMMIT` text for `iptables-restore --noflush`: KUBE-SERVICES declared (so flushed and
 * rewritten on each apply), the jumps to it only where `currentFilterSave` lacks them.
 */
export function planKubeProxyFilterSync(currentFilterSave: string, input: KubeProxyNatInput): string {
  const lines = currentFilterSave.split('\n');
  const installed = ([chain, comment]: readonly [string, string]) =>
    lines.some(
      (l) => l.startsWith(`-A ${chain} `) && l.includes(`--comment "${comment}"`) && / -j KUBE-SERVICES\s*$/.test(l),
    );
  const missing = FILTER_JUMPS.filter((jump) => !installed(jump));
  return [
    '*filter',
    ':KUBE-SERVICES - [0:0]',
    ...missing.map(
      ([chain, comment]) => `-A ${chain} -m conntrack --ctstate NEW -m comment --comment "${comment}" -j KUBE-SERVICES`,
    ),
    ...rejectLines(input),
    'COMMIT',
    '',
  ].join('\n');
}
