/** Calico IPAM as the cluster's objects describe it: pools, block affinities, and the addresses in use. */

export interface IpPool {
  /** the IPPool's name, or `installation:<n>` for the n-th pool of the Installation */
  name: string;
  cidr: string;
  blockSize: number;
  /** VXLAN, VXLANCrossSubnet, IPIP, IPIPCrossSubnet or None */
  encapsulation?: string;
  disabled: boolean;
  /** Calico's selector of the nodes whose pods take from the pool unasked (`all()`, `!all()`, ...) */
  nodeSelector?: string;
  /** what its addresses are for: Workload, Tunnel, LoadBalancer */
  allowedUses?: string[];
}

export interface BlockAffinity {
  name: string;
  node: string;
  cidr: string;
  /** confirmed, pending, pendingDeletion */
  state: string;
  deleted: boolean;
}

/** An address a pod or a node holds from the pod network. */
export interface AddressHolder {
  /** `pod default/multitool` or `node x (vxlan tunnel)` */
  holder: string;
  node: string;
  ip: string;
}

export interface PodAddress {
  namespace: string;
  name: string;
  node: string;
  ips: string[];
  hostNetwork: boolean;
}

export interface NodeIpam {
  name: string;
  /** addresses Calico allocated to the node itself: VXLAN / IPIP / WireGuard tunnel devices */
  tunnelAddresses: string[];
}
