/** A throwaway network namespace with its own nat table, for running real iptables in tests (root only). */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface Netns {
  name: string;
  /** runs argv inside the namespace; throws with stderr on a non-zero exit */
  run(argv: string[], input?: string): string;
}

function runChecked(argv: string[], input?: string): string {
  const result = spawnSync(argv[0]!, argv.slice(1), { input, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Why real iptables cannot be used here, or null when it can. */
export function netnsUnavailableReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create a network namespace (run the tests as root)';
  for (const tool of [
    ['ip', '-V'],
    ['iptables', '--version'],
  ]) {
    const probe = spawnSync(tool[0]!, tool.slice(1), { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) return `${tool[0]} is not installed`;
  }
  return null;
}

export async function withNetns<T>(work: (ns: Netns) => Promise<T> | T): Promise<T> {
  const name = `lgtest-${process.pid}-${randomBytes(3).toString('hex')}`;
  runChecked(['ip', 'netns', 'add', name]);
  try {
    return await work({ name, run: (argv, input) => runChecked(['ip', 'netns', 'exec', name, ...argv], input) });
  } finally {
    runChecked(['ip', 'netns', 'del', name]);
  }
}

/**
 * Makes the namespace answer for the given endpoint addresses on its loopback and route the service range
 * there, so connections to a VIP are DNATed by the rules and stay inside the namespace.
 */
export function prepareLoopback(ns: Netns, endpointIps: string[], serviceCidr: string): void {
  ns.run(['ip', 'link', 'set', 'lo', 'up']);
  for (const ip of endpointIps) ns.run(['ip', 'addr', 'add', `${ip}/32`, 'dev', 'lo']);
  ns.run(['ip', 'route', 'add', serviceCidr, 'dev', 'lo']);
}

/** Opens `count` TCP connections (or sends one UDP datagram each) to vip:port from inside the namespace. */
export function sendNewConnections(ns: Netns, vip: string, port: number, protocol: 'tcp' | 'udp', count: number): void {
  const script = `
const net = require('node:net'); const dgram = require('node:dgram');
const [vip, port, protocol, count] = process.argv.slice(1);
async function one() {
  if (protocol === 'udp') {
    const s = dgram.createSocket('udp4');
    await new Promise((done) => s.send('x', Number(port), vip, () => { s.close(); done(); }));
    return;
  }
  await new Promise((done) => {
    const c = net.connect({ host: vip, port: Number(port) });
    c.setTimeout(2000, () => { c.destroy(); done(); });
    c.on('connect', () => { c.destroy(); done(); });
    c.on('error', () => done());
  });
}
(async () => { for (let i = 0; i < Number(count); i++) await one(); })();
`;
  ns.run([process.execPath, '-e', script, vip, String(port), protocol, String(count)]);
}
