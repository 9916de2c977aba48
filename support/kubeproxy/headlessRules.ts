/** kube-proxy's side of a headless Service (lab 11): no VIP, so no rule and no chain for it on any node. */
import type { V1Service } from '@kubernetes/client-node';
import { finding, textEvidence, type Finding } from '../floor/finding.ts';
import type { NodeNat } from './facts.ts';
import { chainHasServiceHash, serviceHashes, servicePortName } from './kubeProxyNames.ts';

export interface RulesForService {
  servicesRules: string[];
  hashedChains: string[];
}

const NO_KUBE_SERVICES = '(no KUBE-SERVICES chain: kube-proxy wrote nothing to look in)';

/**
 * kube-proxy writes nothing for a headless Service: no KUBE-SERVICES rule names it, no chain carries its ports' hashes.
 */
export function noRulesForService(nat: NodeNat, svc: V1Service): Finding<RulesForService> {
  const ns = svc.metadata?.namespace ?? '';
  const name = svc.metadata?.name ?? '';
  const prefix = `${ns}/${name}`;
  const hashes = (svc.spec?.ports ?? []).flatMap((p) =>
    serviceHashes(servicePortName(ns, name, p.name ?? ''), p.protocol ?? 'TCP'),
  );
  const kubeServices = nat.table.chains.get('KUBE-SERVICES');
  const servicesRules =
    kubeServices === undefined
      ? [NO_KUBE_SERVICES]
      : kubeServices.rules
          .filter(
            (r) =>
              r.comment !== undefined &&
              (r.comment === prefix || r.comment.startsWith(`${prefix}:`) || r.comment.startsWith(`${prefix} `)),
          )
          .map((r) => r.raw.trim());
  const hashedChains = [...nat.table.chains.keys()].filter((c) => chainHasServiceHash(c, hashes));
  const lines = nat.text.split('\n').filter((l) => l.includes(prefix) || hashedChains.some((c) => l.includes(c)));
  const rulesSeen =
    kubeServices === undefined
      ? 'the NAT table has no KUBE-SERVICES chain at all (kube-proxy has written nothing, so its absence of rules ' +
        'shows nothing)'
      : servicesRules.length
        ? `KUBE-SERVICES has ${servicesRules.join(' | ')}`
        : 'KUBE-SERVICES has no rule for it';
  const chainsSeen = hashedChains.length
    ? ` and the chains ${hashedChains.join(', ')} carry kube-proxy's hash of its ports`
    : ', and no chain carries its hash';
  return finding(
    { servicesRules: [], hashedChains: [] },
    { servicesRules, hashedChains },
    `The lab shows no iptables rules for the headless Service ${name} (no VIP to translate): \`iptables -t nat ` +
      `-S KUBE-SERVICES | grep ${name}\` prints nothing; on ${nat.node} ${rulesSeen}${chainsSeen}. ` +
      `Check \`kubectl get svc ${name} -o jsonpath='{.spec.clusterIP}'\` (must be None) and \`docker exec ` +
      `${nat.node} iptables-save -t nat | grep ${name}\`.`,
    [
      textEvidence(
        `NAT lines for ${prefix} on ${nat.node}`,
        [`$ ${nat.command.join(' ')}  # lines for ${prefix} or its hashes`, ...lines].join('\n') || '(none)',
      ),
    ],
  );
}
