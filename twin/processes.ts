/**
 * What runs in a twin pod: chosen from the container's image and command through one small table, so that a
 * lab's manifests come up with real servers. An image the twin cannot run is a one-line error naming the pod.
 */
import { LabgateError } from './shared.ts';

/**
 * web: nginx serving the container's TCP ports (nginx itself, and the multitool image, which runs nginx);
 * dns: the cluster DNS server; command: the container's own command and args, run as written (a shell that
 * sleeps, redis-server and the scripts around it), with the programs of the node image.
 */
export type PodProcess = 'web' | 'dns' | 'command';

export interface ContainerSpec {
  image: string;
  command?: string[];
  args?: string[];
}

interface ProcessRule {
  /** matched against the image's repository name, without registry or tag */
  image: RegExp;
  process: PodProcess;
  /** the command to run when the manifest gives none (the image's entrypoint) */
  defaultCommand?: string[];
}

const RULES: readonly ProcessRule[] = [
  { image: /(^|\/)coredns$/, process: 'dns' },
  { image: /(^|\/)nginx$/, process: 'web' },
  { image: /(^|\/)network-multitool$/, process: 'web' },
  { image: /(^|\/)redis$/, process: 'command', defaultCommand: ['redis-server', '--protected-mode', 'no'] },
  { image: /(^|\/)(busybox|alpine|ubuntu|debian)$/, process: 'command' },
];

/** The image's repository name: registry host and tag or digest left off. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? noDigest : noDigest.slice(0, colon);
}

export function podProcess(pod: string, c: ContainerSpec): { process: PodProcess; command?: string[] } {
  const repo = imageRepository(c.image);
  const rule = RULES.find((r) => r.image.test(repo));
  if (!rule) {
    throw new LabgateError(
      `the twin cannot run pod ${pod}: no process for image ${c.image}`,
      `images the twin runs: ${RULES.map((r) => r.image.source).join(', ')} (twin/processes.ts)`,
    );
  }
  if (rule.process !== 'command') return { process: rule.process };
  const command = [...(c.command ?? rule.defaultCommand ?? []), ...(c.args ?? [])];
  if (command.length === 0)
    throw new LabgateError(`the twin cannot run pod ${pod}: image ${c.image} needs a command in the manifest`);
  return { process: 'command', command };
}
