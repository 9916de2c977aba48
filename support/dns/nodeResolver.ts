/** A node's resolver as the lab reads it: its /etc/resolv.conf, and the gateway of the Docker network it sits on. */
import { Address4 } from 'ip-address';
import { LabgateError } from '../floor/errors.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { assertDns1123 } from '../floor/names.ts';
import { commandFailure, runHost, runOnNode, succeeded } from '../access/nodeRunner.ts';

export interface NodeFile {
  node: string;
  text: string;
  evidence: Evidence[];
}

export async function readNodeResolvConf(node: string): Promise<NodeFile> {
  const r = await runOnNode(node, ['cat', '/etc/resolv.conf']);
  if (!succeeded(r))
    throw new LabgateError(
      `cannot read /etc/resolv.conf on ${node}: ${commandFailure(r)}`,
      `check that the node container ${node} is running`,
    );
  return { node, text: r.stdout, evidence: [commandEvidence(`docker exec ${node} cat /etc/resolv.conf`, r)] };
}

/** The gateway address of a Docker network's first IPv4 subnet (`docker network inspect`). */
export async function dockerNetworkGateway(network: string): Promise<{ gateway: string; evidence: Evidence[] }> {
  assertDns1123(network, 'Docker network name');
  const r = await runHost([
    'docker',
    'network',
    'inspect',
    network,
    '--format',
    '{{range .IPAM.Config}}{{.Gateway}}|{{.Subnet}} {{end}}',
  ]);
  if (!succeeded(r))
    throw new LabgateError(
      `cannot inspect the Docker network ${network}: ${commandFailure(r)}`,
      'is the lab running on this machine?',
    );
  // a subnet given without a gateway gets its first address, which Docker then does not list
  const gateway = r.stdout
    .trim()
    .split(/\s+/)
    .map((c) => c.split('|') as [string, string])
    .filter(([, subnet]) => Address4.isValid(subnet ?? ''))
    .map(
      ([gw, subnet]) => gw || Address4.fromBigInt(new Address4(subnet).startAddress().bigInt() + 1n).correctForm(),
    )[0];
  if (!gateway)
    throw new LabgateError(`the Docker network ${network} has no IPv4 gateway`, `docker network inspect ${network}`);
  return { gateway, evidence: [commandEvidence(`docker network inspect ${network} (gateway)`, r)] };
}
