/** kubelet's resolv.conf for a ClusterFirst pod: its namespace's search list, then the node's ($NODE_SEARCH). */
import type { PlannedPod, TwinPlan } from '../plan.ts';
import { shq } from '../dataplane/shell.ts';
import { netnsName } from './paths.ts';

export function resolvConfFile(pod: PlannedPod): string {
  return `/etc/netns/${netnsName(pod)}/resolv.conf`;
}

export function kubeletResolvConf(plan: TwinPlan, pod: PlannedPod): string {
  const dns = plan.services.find((s) => s.name === 'kube-dns' && s.namespace === 'kube-system');
  const d = plan.dnsDomain;
  const search = shq(`${pod.namespace}.svc.${d} svc.${d} ${d}`);
  return (
    `printf 'search %s%s\\nnameserver %s\\noptions ndots:5\\n' ${search} "\${NODE_SEARCH:+ $NODE_SEARCH}" ` +
    `${shq(dns?.clusterIP ?? '127.0.0.1')} > ${resolvConfFile(pod)}`
  );
}
