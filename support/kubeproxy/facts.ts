/** One node's NAT table as read for kube-proxy's rules: its text, parsed, and the command that printed it. */
import type { NatTable } from './types.ts';

export interface NodeNat {
  node: string;
  text: string;
  table: NatTable;
  command: string[];
}
