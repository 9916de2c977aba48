/**
 * The ToR: an `arista_ceos` node as a Linux container built from the lab's startup config. One bridge per VLAN
 * (vlanN) with its access ports (ethN is EthernetN, as containerlab wires cEOS), the SVI's address and MTU (EOS's
 * default 1500 unless configured) on the bridge, `ip routing` as IPv4 forwarding, the config's hostname. A `Cli`
 * (twin/topology/ceos/cli.ts, bundled at `up`) answers EOS's show commands from the kernel. The kernel has no
 * 802.1Q here, so trunks are refused: every lab's ports are access ports. Docker's default route on the
 * management port is removed: cEOS keeps management out of the routing table the labs read, and nothing leaves
 * the machine through it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { docker } from '../../docker.ts';
import { LabgateError, REPO_ROOT } from '../../shared.ts';
import type { TwinPlan } from '../../plan.ts';
import type { TopologyNodeBuilder } from '../builders.ts';
import { clabContainerName, createClabContainer } from '../containers.ts';
import type { TopologyNode, TwinTopology } from '../index.ts';
import { type EosConfig, EosConfigError, parseEosConfig } from './config.ts';
import { kernelName } from './kernel.ts';
import { CONFIG_FILE } from './cli.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const EOS_DEFAULT_MTU = 1500;

export function readStartupConfig(topology: TwinTopology, node: TopologyNode): EosConfig {
  if (!node.startupConfig) throw new LabgateError(`${topology.file}: node ${node.name}: a ToR needs a startup-config`);
  const file = resolve(topology.dir ?? resolve(REPO_ROOT, dirname(topology.file)), node.startupConfig);
  try {
    return parseEosConfig(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof EosConfigError) throw new LabgateError(`${node.startupConfig}: ${err.message}`);
    throw new LabgateError(`${topology.file}: node ${node.name}: cannot read its startup-config ${file}`);
  }
}

/** The shell lines that give the ToR's kernel the startup config's VLANs, ports and SVIs. */
export function torScript(config: EosConfig): string[] {
  const lines = ['set -e', 'ip route del default 2>/dev/null || true'];
  const bridges = new Set<number>();
  const bridge = (vlan: number) => {
    if (!bridges.has(vlan)) lines.push(`ip link add vlan${vlan} type bridge`, `ip link set vlan${vlan} up`);
    bridges.add(vlan);
  };
  for (const v of config.vlans) bridge(v.id);
  for (const i of config.interfaces.filter((x) => x.name.startsWith('Ethernet'))) {
    if (i.switchportMode && i.switchportMode !== 'access')
      throw new LabgateError(`${i.name}: switchport mode ${i.switchportMode}: the twin's ToR has access ports only`);
    if (i.address) throw new LabgateError(`${i.name}: routed ports are not built by the twin's ToR`);
    const vlan = i.accessVlan ?? 1;
    bridge(vlan);
    lines.push(`ip link set ${kernelName(i.name)} master vlan${vlan}`);
    if (i.mtu !== undefined) lines.push(`ip link set ${kernelName(i.name)} mtu ${i.mtu}`);
    if (i.shutdown) lines.push(`ip link set ${kernelName(i.name)} down`);
  }
  for (const i of config.interfaces.filter((x) => x.name.startsWith('Vlan'))) {
    const vlan = Number(i.name.slice(4));
    bridge(vlan);
    if (i.address && i.address !== 'dhcp') lines.push(`ip addr add ${i.address} dev vlan${vlan}`);
    // set last: a bridge follows its ports' MTU (9500 on containerlab's links) until one is set on it
    lines.push(`ip link set vlan${vlan} mtu ${i.mtu ?? EOS_DEFAULT_MTU}`);
    if (i.shutdown) lines.push(`ip link set vlan${vlan} down`);
  }
  return [...lines, ...icmpFromManagement()];
}

/**
 * EOS sends the ICMP errors it makes while routing ("fragmentation needed") from its management address, where
 * Linux would use the SVI's: the ToR's own output rewrites their source (nftables), so a node with strict reverse-path
 * filtering drops them as it does behind a real cEOS (lab 18's broken path MTU).
 */
function icmpFromManagement(): string[] {
  return [
    "MGMT=$(ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1)",
    'nft add table ip labgate_tor',
    "nft add chain ip labgate_tor output '{ type filter hook output priority 0; }'",
    'nft add rule ip labgate_tor output icmp type destination-unreachable icmp code frag-needed ip saddr set "$MGMT"',
  ];
}

async function bundleCli(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'labgate-eos-'));
  const out = join(dir, 'Cli.mjs');
  await build({
    entryPoints: [join(HERE, 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'silent',
  });
  return out;
}

async function create(plan: TwinPlan, topology: TwinTopology, node: TopologyNode, image: string): Promise<void> {
  const config = readStartupConfig(topology, node);
  const name = await createClabContainer(plan, topology, node, image, [
    '--hostname',
    config.hostname,
    '--sysctl',
    `net.ipv4.ip_forward=${config.ipRouting ? 1 : 0}`,
    '--sysctl',
    'net.ipv4.conf.all.rp_filter=0',
    '-v',
    `${process.execPath}:/usr/local/bin/node:ro`,
  ]);
  const cli = await bundleCli();
  const json = join(dirname(cli), 'labgate-eos.json');
  writeFileSync(json, JSON.stringify(config, null, 2));
  try {
    await docker(['exec', name, 'mkdir', '-p', '/mnt/flash', '/usr/local/lib/labgate-eos']);
    await docker(['cp', cli, `${name}:/usr/local/lib/labgate-eos/Cli.mjs`]);
    await docker(['cp', json, `${name}:${CONFIG_FILE}`]);
  } finally {
    rmSync(dirname(cli), { recursive: true, force: true });
  }
  await docker(['exec', '-i', name, 'sh', '-c', 'cat > /usr/bin/Cli && chmod 755 /usr/bin/Cli'], {
    input: '#!/bin/sh\nexec /usr/local/bin/node /usr/local/lib/labgate-eos/Cli.mjs "$@"\n',
  });
}

async function configure(_plan: TwinPlan, topology: TwinTopology, node: TopologyNode): Promise<void> {
  const name = clabContainerName(topology, node.name);
  const config = readStartupConfig(topology, node);
  const r = await docker(['exec', '-i', name, 'bash', '-s'], {
    input: `${torScript(config).join('\n')}\n`,
    reject: false,
  });
  if (r.exitCode !== 0) throw new LabgateError(`building the ToR ${name} failed: ${r.stderr.trim().split('\n')[0]}`);
}

/** The startup config's sections the ToR cannot build (BGP, static routes, IPv6, loopbacks), or trunk ports. */
function cannotBuild(topology: TwinTopology, node: TopologyNode): string | undefined {
  let config: EosConfig;
  try {
    config = readStartupConfig(topology, node);
  } catch (err) {
    return (err as Error).message;
  }
  const trunks = config.interfaces.filter((i) => i.switchportMode && i.switchportMode !== 'access').map((i) => i.name);
  const missing = [...config.unsupported, ...trunks.map((t) => `${t} as a trunk`)];
  return missing.length > 0 ? `its startup-config's ${missing.join(', ')}` : undefined;
}

export const ceosBuilder: TopologyNodeBuilder = { kind: 'arista_ceos', create, configure, cannotBuild };
