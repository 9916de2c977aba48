/** The twin's public face for the rest of labgate (the run wrapper and the CLI). */
import { twinContext, twinUp, isTwinKubeconfig as isTwinConfig } from './lifecycle.ts';
import { TwinState } from './control/state.ts';

export interface TwinConnection {
  kubeconfigPath: string;
  context: string;
  reused: boolean; // true when a healthy twin was already up
}

/** Brings the twin of `lab` up (or reuses a healthy one) and returns how to reach its API. */
export async function ensureTwin(lab: string, log: (line: string) => void = () => {}): Promise<TwinConnection> {
  const { kubeconfigPath, context, reused } = await twinUp(lab, log, { keepBroken: true });
  return { kubeconfigPath, context, reused };
}

/** Where the twin's API will be reached, known before the twin is up. */
export function twinConnection(lab: string): { kubeconfigPath: string; context: string } {
  return { kubeconfigPath: new TwinState(lab).kubeconfigPath(), context: twinContext() };
}

/** True when the kubeconfig at `path` was written by the twin (so it is not a user's lab). */
export function isTwinKubeconfig(path: string, lab = '04-k8s-services'): boolean {
  return isTwinConfig(path, lab);
}

export { twinUp, twinDown, twinHealth } from './lifecycle.ts';
