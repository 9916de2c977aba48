/**
 * The twin's kube-proxy: programs every running node's nat table from the ready endpoints, the way
 * kube-proxy's iptables mode does, and again whenever the endpoint set changes.
 */
import { docker } from '../docker.ts';
import { planKubeProxySync, type KubeProxyNatInput } from '../proxy/rules.ts';
import { planKubeProxyFilterSync } from '../proxy/filterRules.ts';
import { HEADLESS, type TwinPlan } from '../plan.ts';
import { serviceKey, type EndpointsByService } from './snapshot.ts';

export function proxyInput(plan: TwinPlan, endpoints: EndpointsByService): KubeProxyNatInput {
  return {
    clusterCidr: plan.podCidr,
    // headless Services have no VIP: kube-proxy writes nothing for them
    services: plan.services
      .filter((svc) => svc.clusterIP !== HEADLESS)
      .flatMap((svc) =>
        svc.ports.map((port) => ({
          namespace: svc.namespace,
          name: svc.name,
          portName: port.name ?? '',
          protocol: port.protocol,
          clusterIP: svc.clusterIP,
          port: port.port,
          endpoints: (endpoints.get(serviceKey(svc)) ?? [])
            .filter((e) => e.ready)
            .map((e) => ({ ip: e.ip, port: port.targetPort })),
        })),
      ),
  };
}

export async function syncNode(node: string, input: KubeProxyNatInput): Promise<void> {
  const [nat, filter] = await Promise.all([
    docker(['exec', node, 'iptables-save', '-t', 'nat'], { timeoutMs: 15_000 }),
    docker(['exec', node, 'iptables-save', '-t', 'filter'], { timeoutMs: 15_000 }),
  ]);
  // the nat table translates VIPs with ready endpoints; the filter table refuses those without any
  const restore = planKubeProxySync(nat.stdout, input) + planKubeProxyFilterSync(filter.stdout, input);
  await docker(['exec', '-i', node, 'iptables-restore', '--noflush'], { input: restore, timeoutMs: 15_000 });
}
