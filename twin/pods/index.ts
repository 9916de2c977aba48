/**
 * The kinds of pod process the twin runs, one module each, registered here: a pod's process is chosen from its
 * container's image through their image rules, so a lab's manifests come up with real servers. An image no kind
 * runs is a one-line error naming the pod. A new kind (a BGP speaker, an iperf server) is a module added here.
 */
import { LabgateError } from '../shared.ts';
import type { PlannedPod } from '../plan.ts';
import { commandProcess } from './command.ts';
import { dnsProcess } from './dns.ts';
import type { PodProcess, PodProcessKind } from './kind.ts';
import { webProcess } from './web.ts';

export type { PodProcess, PodProcessKind } from './kind.ts';

export const POD_PROCESS_KINDS: Readonly<Record<PodProcess, PodProcessKind>> = {
  dns: dnsProcess,
  web: webProcess,
  command: commandProcess,
};

export interface ContainerSpec {
  image: string;
  command?: string[];
  args?: string[];
}

/** The image's repository name: registry host and tag or digest left off. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? noDigest : noDigest.slice(0, colon);
}

export function processKind(pod: Pick<PlannedPod, 'process'>): PodProcessKind {
  return POD_PROCESS_KINDS[pod.process];
}

/** The process a pod's container runs, and the command when it runs one. */
export function podProcess(pod: string, c: ContainerSpec): { process: PodProcess; command?: string[] } {
  const repo = imageRepository(c.image);
  const kinds = Object.values(POD_PROCESS_KINDS);
  const match = kinds
    .flatMap((kind) => kind.images.map((rule) => ({ kind, rule })))
    .find((m) => m.rule.image.test(repo));
  if (!match) {
    const images = kinds.flatMap((k) => k.images.map((r) => r.image.source)).join(', ');
    throw new LabgateError(
      `the twin cannot run pod ${pod}: no process for image ${c.image}`,
      `images the twin runs: ${images} (twin/pods/)`,
    );
  }
  if (!match.kind.runsCommand) return { process: match.kind.name };
  const command = [...(c.command ?? match.rule.defaultCommand ?? []), ...(c.args ?? [])];
  if (command.length === 0) {
    throw new LabgateError(`the twin cannot run pod ${pod}: image ${c.image} needs a command in the manifest`);
  }
  return { process: match.kind.name, command };
}
