/** A pod's or a LoadBalancer Service's address, as Calico's CNI plugin and kube-controllers ask IPAM for it. */
import type { Assignment } from './allocator.ts';
import type { Ipam } from './allocator.ts';
import { podIpamRequest } from './annotations.ts';
import { LOAD_BALANCER_HOST } from './model.ts';
import type { Labels } from './selector.ts';

export interface PodIpamInput {
  namespace: string;
  name: string;
  node: string;
  nodeLabels: Labels;
  annotations?: Record<string, string>;
  namespaceAnnotations?: Record<string, string>;
}

/** The handle Calico's CNI plugin gives a pod's addresses (k8s-pod-network.<container id>): the twin uses the pod. */
export function podHandle(pod: Pick<PodIpamInput, 'namespace' | 'name'>): string {
  return `k8s-pod-network.${pod.namespace}.${pod.name}`;
}

export function assignPod(ipam: Ipam, pod: PodIpamInput): Assignment {
  const req = podIpamRequest(pod.annotations, pod.namespaceAnnotations);
  const handle = podHandle(pod);
  if (req.kind === 'static') return ipam.assignIp({ ip: req.ip, handle, host: pod.node });
  return ipam.autoAssign({
    handle,
    host: pod.node,
    hostLabels: pod.nodeLabels,
    ...(req.pools ? { pools: req.pools } : {}),
  });
}

/** The IPAM handle of a LoadBalancer Service's address. */
export function loadBalancerHandle(svc: { namespace: string; name: string }): string {
  return `lb-${svc.namespace}.${svc.name}`;
}

/** A LoadBalancer Service's address from the pools allowed for LoadBalancer use, in a block of the virtual host. */
export function assignLoadBalancer(ipam: Ipam, svc: { namespace: string; name: string }): Assignment {
  return ipam.autoAssign({
    handle: loadBalancerHandle(svc),
    host: LOAD_BALANCER_HOST,
    use: 'LoadBalancer',
    affinityType: 'virtual',
  });
}
