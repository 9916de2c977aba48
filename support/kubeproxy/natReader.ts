/** Reads a node's NAT table the way an operator would: `iptables-save -t nat` inside the node container. */
import { LabgateError } from '../floor/errors.ts';
import { commandFailure, runOnNode, succeeded } from '../access/nodeRunner.ts';
import type { CommandResult } from '../floor/command.ts';

export interface NatDump {
  node: string;
  result: CommandResult;
  text: string;
}

export async function readNatTable(node: string, opts: { counters?: boolean; ipv6?: boolean } = {}): Promise<NatDump> {
  const program = opts.ipv6 ? 'ip6tables-save' : 'iptables-save';
  const args = [program, ...(opts.counters ? ['-c'] : []), '-t', 'nat'];
  const result = await runOnNode(node, args);
  if (!succeeded(result)) {
    throw new LabgateError(
      `cannot read the NAT table on ${node}: ${commandFailure(result)}`,
      `check that the node container ${node} is running and has ${program}`,
    );
  }
  return { node, result, text: result.stdout };
}
