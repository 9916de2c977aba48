/**
 * Reads back what a cluster DNS pod's server is configured with: the unbound.conf it loads and the pod's
 * /etc/resolv.conf, as they are on the node now (written at setup, rewritten by every DNS re-render or fault).
 */
import type { PlannedPod } from '../plan.ts';
import { runInNode } from './nodeEnter.ts';
import { dnsDirs, netnsName } from './pods.ts';

export interface DnsPodConfig {
  pod: string;
  /** where it was read, for the Corefile's comment: "<node>:<path>" */
  source: string;
  unboundConf: string;
  resolvConf: string;
}

const SEPARATOR = '--- labgate resolv.conf ---';

export async function readDnsPodConfig(pod: PlannedPod): Promise<DnsPodConfig | undefined> {
  const conf = `${dnsDirs(pod).confDir}/unbound.conf`;
  const resolv = `/etc/netns/${netnsName(pod)}/resolv.conf`;
  const r = await runInNode(pod.node, [
    'sh',
    '-c',
    'cat "$1" && echo "$3" && cat "$2"',
    'read-dns-config',
    conf,
    resolv,
    SEPARATOR,
  ]);
  if (r.exitCode !== 0) return undefined;
  const at = r.stdout.lastIndexOf(`${SEPARATOR}\n`);
  if (at < 0) return undefined;
  return {
    pod: pod.name,
    source: `${pod.node}:${conf}`,
    unboundConf: r.stdout.slice(0, at),
    resolvConf: r.stdout.slice(at + SEPARATOR.length + 1),
  };
}
