/** The twin's Calico IPAM: pools, reservations, blocks affine to nodes, addresses handed out by Calico's rules. */
export { Ipam, affinityName, type AffinityView, type Assignment, type AutoAssignRequest } from './allocator.ts';
export { IP_ADDRS, IPV4_POOLS, podIpamRequest, type PodIpamRequest } from './annotations.ts';
export { IpamError, type IpamErrorCode } from './errors.ts';
export {
  DEFAULT_BLOCK_SIZE,
  LOAD_BALANCER_HOST,
  emptyState,
  pool,
  type AffinityState,
  type AffinityType,
  type Block,
  type IpamState,
  type Pool,
  type PoolUse,
  type Reservation,
} from './model.ts';
export { parseSelector, type Labels } from './selector.ts';
export { assignLoadBalancer, assignPod, loadBalancerHandle, podHandle, type PodIpamInput } from './assign.ts';
export { defaultedPoolSpec, poolFromObject, reservationFromObject, type IpPoolSpec } from './objects.ts';
