/**
 * What a kind of pod process is to the twin: the images it runs, the files it writes on the pod's node, how it
 * starts, and what else it is (the cluster DNS, a keeper of container logs). One module per kind
 * (web.ts, dns.ts, command.ts), registered in index.ts.
 */
import type { PlannedPod, TwinPlan } from '../plan.ts';

/** web: nginx serving the container's TCP ports; dns: the cluster DNS server; command: the container's command. */
export type PodProcess = 'web' | 'dns' | 'command';

export interface ImageRule {
  /** matched against the image's repository name, without registry or tag */
  image: RegExp;
  /** the command to run when the manifest gives none (the image's entrypoint) */
  defaultCommand?: string[];
}

export interface PodProcessKind {
  name: PodProcess;
  images: readonly ImageRule[];
  /** runs the container's own command (and args), which the manifest or the image rule must give */
  runsCommand?: boolean;
  /** serves the cluster DNS: its records follow the Services and their endpoints */
  servesClusterDns?: boolean;
  /** the file in the pod's config folder its process reads, carried over when the pod moves */
  configFile?: string;
  /** shell lines that write the pod's resolv.conf and its process's files on its node */
  filesScript(plan: TwinPlan, pod: PlannedPod): string;
  /** the command line that starts the process, daemonized, with its pid in the pod's main.pid */
  startCommand(pod: PlannedPod): string;
  /** the file its container log is kept in on the node; none: the container logs nothing */
  logFile?(pod: PlannedPod): string;
}
