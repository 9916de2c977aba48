/**
 * The topology's links as containerlab makes them: one veth pair per link, each end moved into its node's network
 * namespace under the interface name the link gives it, up, at containerlab's default link MTU (9500). Made from
 * the host (as root) with the containers' own network namespaces, the way containerlab does it.
 */
import { execa } from 'execa';
import { docker } from '../docker.ts';
import { LabgateError } from '../shared.ts';
import type { ClabLink } from './clab.ts';
import { containerOf } from './containers.ts';
import type { TwinTopology } from './index.ts';

/** containerlab's default MTU of a link's veth ends */
export const CLAB_LINK_MTU = 9500;

async function pidOf(container: string): Promise<number> {
  const pid = Number((await docker(['inspect', '-f', '{{.State.Pid}}', container])).stdout.trim());
  if (!(pid > 0)) throw new LabgateError(`container ${container} is not running: its links cannot be made`);
  return pid;
}

async function inNetns(pid: number, args: string[]): Promise<void> {
  const r = await execa('nsenter', ['-t', String(pid), '-n', ...args], { reject: false });
  if (r.exitCode !== 0) {
    throw new LabgateError(`making a topology link failed: ${args.join(' ')}: ${r.stderr.trim().split('\n')[0]}`);
  }
}

async function makeLink(topology: TwinTopology, link: ClabLink, index: number): Promise<void> {
  const [pidA, pidB] = await Promise.all([
    pidOf(containerOf(topology, link.a.node)),
    pidOf(containerOf(topology, link.b.node)),
  ]);
  const temp = `lgl${index}`;
  const mtu = String(CLAB_LINK_MTU);
  await inNetns(pidA, [
    'ip',
    'link',
    'add',
    link.a.iface,
    'mtu',
    mtu,
    'type',
    'veth',
    'peer',
    'name',
    temp,
    'mtu',
    mtu,
    'netns',
    String(pidB),
  ]);
  await inNetns(pidB, ['ip', 'link', 'set', temp, 'name', link.b.iface]);
  await inNetns(pidA, ['ip', 'link', 'set', link.a.iface, 'up']);
  await inNetns(pidB, ['ip', 'link', 'set', link.b.iface, 'up']);
}

/** Every link of the topology, once its containers run. Needs root (the host's nsenter). */
export async function makeLinks(topology: TwinTopology): Promise<void> {
  if (topology.links.length > 0 && process.getuid?.() !== 0) {
    throw new LabgateError('the twin makes the topology links from the host and needs root for it', 'run as root');
  }
  for (const [i, link] of topology.links.entries()) await makeLink(topology, link, i);
}
