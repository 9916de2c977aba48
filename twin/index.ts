/** The twin's public face for the rest of labgate (the run wrapper and the CLI). */
import { twinUp, isAnyTwinKubeconfig as isAnyTwinConfig, isTwinKubeconfig as isTwinConfig } from './lifecycle.ts';
import { TwinState } from './control/state.ts';
import type { Lab } from './shared.ts';

export interface TwinConnection {
  kubeconfigPath: string;
  context: string;
  reused: boolean; // true when a healthy twin was already up
}

/** Brings the twin of `lab` up (or reuses a healthy one) and returns how to reach its API. */
export async function ensureTwin(lab: Lab, log: (line: string) => void = () => {}): Promise<TwinConnection> {
  const { kubeconfigPath, context, reused } = await twinUp(lab.name, log, { keepBroken: true, lab });
  return { kubeconfigPath, context, reused };
}

/** Where the twin's API will be reached, known before the twin is up. */
export function twinConnection(lab: Pick<Lab, 'cluster'>): { kubeconfigPath: string; context: string } {
  return { kubeconfigPath: TwinState.kubeconfigPath(lab.cluster.kubeconfig), context: lab.cluster.context };
}

/** True when the kubeconfig at `path` was written by the twin (so it is not a user's lab). */
export function isTwinKubeconfig(path: string, lab: string): boolean {
  return isTwinConfig(path, lab);
}

/** Whether the file is the kubeconfig of any lab's twin (labs sharing a cluster name share the file). */
export function isAnyTwinKubeconfig(path: string): boolean {
  return isAnyTwinConfig(path);
}

export { twinUp, twinDown, twinHealth } from './lifecycle.ts';
