/** Where a pod lives on its node: its network namespace, its config folder, its run folder (pid, logs). */
import type { PlannedPod } from '../plan.ts';

export const POD_RUN_DIR = '/run/labgate';
export const POD_CONF_DIR = '/etc/labgate/pods';

/** The namespace name inside the node; the pod name is unique across the twin's namespaces. */
export function netnsName(pod: Pick<PlannedPod, 'name'>): string {
  return pod.name;
}

export function podRunDir(pod: Pick<PlannedPod, 'name'>): string {
  return `${POD_RUN_DIR}/${netnsName(pod)}`;
}

export function podConfDir(pod: Pick<PlannedPod, 'name'>): string {
  return `${POD_CONF_DIR}/${netnsName(pod)}`;
}
