/** Pods by the stable DNS name a StatefulSet gives them under their governing Service: <hostname>.<subdomain>. */
import type { V1Pod } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';

export function stableName(p: V1Pod): string | undefined {
  return p.spec?.hostname && p.spec.subdomain ? `${p.spec.hostname}.${p.spec.subdomain}` : undefined;
}

/** The pod a name such as `redis-0.redis-headless` (or its completion `...<ns>.svc.<domain>`) stands for. */
export function podByStableName(pods: V1Pod[], host: string): V1Pod {
  const h = host.replace(/\.$/, '');
  const pod = pods.find((p) => {
    const s = stableName(p);
    return s !== undefined && (h === s || h.startsWith(`${s}.${p.metadata?.namespace}.svc.`));
  });
  if (!pod) {
    const known = pods.map(stableName).filter(Boolean).join(', ') || 'none';
    throw new LabgateError(
      `no pod has the stable name ${host}`,
      `pods with a hostname under a headless Service: ${known} (kubectl get pods -o ` +
        `custom-columns=NAME:.metadata.name,HOSTNAME:.spec.hostname,SUBDOMAIN:.spec.subdomain)`,
    );
  }
  return pod;
}
