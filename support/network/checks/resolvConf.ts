/** Lab 02 exercise 3.4: the pod resolves names through cluster DNS. */
import { finding, type Evidence, type Finding } from '../../report/evidence.ts';
import { kubectlExec, podLabel, type PodPlace } from '../model.ts';
import { clusterSearchPath, type ResolvConf } from '../resolvConf.ts';

export function podUsesClusterDns(
  pod: PodPlace,
  conf: ResolvConf,
  dns: { serviceIp: string; clusterDomain: string; ndots: string },
  evidence: Evidence[],
): Finding<{ nameservers: string[]; search: string[]; ndots: string | null }> {
  const path = clusterSearchPath(pod.namespace, dns.clusterDomain);
  const observed = { nameservers: conf.nameservers, search: conf.search.slice(0, path.length), ndots: conf.options.ndots ?? null };
  return finding(
    { nameservers: [dns.serviceIp], search: path, ndots: dns.ndots },
    observed,
    `The lab promises that pod ${podLabel(pod)} asks the cluster DNS Service (${dns.serviceIp}) with the search path ${path.join(' ')} first and ndots:${dns.ndots}; its resolv.conf names ${conf.nameservers.join(', ') || 'no nameserver'}, searches ${conf.search.join(' ') || 'nothing'} and has ndots ${observed.ndots ?? 'unset'}. Check \`${kubectlExec(pod, 'cat /etc/resolv.conf')}\` and \`kubectl -n kube-system get svc kube-dns\`.`,
    evidence,
  );
}
