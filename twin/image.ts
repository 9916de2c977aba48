/**
 * The node image: a minimal Debian root filesystem made with debootstrap from the mirror the host's apt
 * sources already name, imported into Docker. No registry is involved. Cached by a hash of its recipe.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { LabgateError } from './shared.ts';
import { docker } from './docker.ts';

const PACKAGES = [
  'iproute2',
  'iptables',
  'nginx-light',
  'dnsmasq-base',
  'procps',
  'conntrack',
  'redis-server',
  'iputils-ping',
  'tcpdump',
  'bind9-dnsutils',
  'unbound',
  'curl',
  // lab 13: WireGuard in userspace (the kernel has no wireguard module), and its backend pod's python3
  'wireguard-go',
  'wireguard-tools',
  'python3',
  'iperf3', // lab 12's iperf pods (networkstatic/iperf3 runs iperf3 3.x); lab 23's router server and sender pods
  'nftables', // the ToR's ICMP errors from its management address, as EOS sends them
  'containernetworking-plugins', // lab 21: the CNI plugins (macvlan, portmap, ...) its text installs in /opt/cni/bin
];
const RECIPE_VERSION = 3; // bump when the steps below change
const BUILD_TIMEOUT_MS = 15 * 60_000;

interface AptSource {
  uri: string;
  suite: string;
}

/** Reads the first Debian main-archive source from the host's apt configuration (deb822 or one-line). */
export function hostAptSource(): AptSource {
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const f of readdirSync('/etc/apt/sources.list.d')) files.push(join('/etc/apt/sources.list.d', f));
  }
  for (const file of files.filter(existsSync)) {
    const text = readFileSync(file, 'utf8');
    const oneLine = text.match(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+.*\bmain\b/m);
    if (oneLine && !/security/.test(oneLine[2]!)) return { uri: oneLine[1]!, suite: oneLine[2]! };
    for (const stanza of text.split(/\n\s*\n/)) {
      const uri = stanza.match(/^URIs:\s*(\S+)/m)?.[1];
      const suite = stanza.match(/^Suites:\s*(\S+)/m)?.[1];
      if (uri && suite && /^Types:.*\bdeb\b/m.test(stanza) && !/security/.test(suite)) return { uri, suite };
    }
  }
  throw new LabgateError(
    'no Debian package source found in /etc/apt',
    'the twin builds its node image with debootstrap from the host apt mirror',
  );
}

export function nodeImageTag(source: AptSource = hostAptSource()): string {
  const recipe = JSON.stringify({ PACKAGES, RECIPE_VERSION, suite: source.suite });
  return `labgate/twin-node:${createHash('sha256').update(recipe).digest('hex').slice(0, 12)}`;
}

async function imageExists(tag: string): Promise<boolean> {
  return (await docker(['image', 'inspect', tag], { reject: false })).exitCode === 0;
}

/** Builds the node image unless an image of the same recipe exists; returns its tag. */
export async function ensureNodeImage(log: (l: string) => void): Promise<string> {
  const source = hostAptSource();
  const tag = nodeImageTag(source);
  if (await imageExists(tag)) return tag;
  log(
    `labgate: building the twin node image ${tag} with debootstrap (${source.suite}); this takes about a minute once`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'labgate-rootfs-'));
  try {
    const rootfs = join(dir, 'rootfs');
    const boot = await execa(
      'debootstrap',
      ['--variant=minbase', `--include=${PACKAGES.join(',')}`, source.suite, rootfs, source.uri],
      {
        reject: false,
        timeout: BUILD_TIMEOUT_MS,
        all: true,
      },
    );
    if (boot.exitCode !== 0) {
      const last = String(boot.all ?? '')
        .trim()
        .split('\n')
        .slice(-1)[0];
      throw new LabgateError(`building the twin node image failed: debootstrap exited ${boot.exitCode}: ${last}`);
    }
    // nginx and dnsmasq are started per pod by the twin, never as node services.
    rmSync(join(rootfs, 'etc/nginx/sites-enabled/default'), { force: true });
    const imported = await execa(
      'sh',
      ['-c', 'tar -C "$1" -c . | docker import -c \'CMD ["sleep","infinity"]\' - "$2"', 'sh', rootfs, tag],
      {
        reject: false,
      },
    );
    if (imported.exitCode !== 0) {
      throw new LabgateError(
        `building the twin node image failed: docker import: ${String(imported.stderr).split('\n')[0]}`,
      );
    }
    return tag;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
