/** What kube-proxy's rules are judged against and read from: one Service port's facts, one node's NAT table. */
import type { NatTable } from './types.ts';

/** The Service port under test, as read from the API. */
export interface ServicePortFacts {
  namespace: string;
  service: string;
  portName: string;
  protocol: string; // lower case
  clusterIP: string;
  port: number;
  /** "ip:port" of every ready endpoint in the EndpointSlices, sorted */
  endpoints: string[];
}

export interface NodeNat {
  node: string;
  text: string;
  table: NatTable;
  command: string[];
}
