/** A pod's container dies: every process in its network namespace is killed, as a crashed container's would be. */
import { LabgateError } from '../../support/errors.ts';
import type { PlannedPod } from '../plan.ts';
import { netnsName } from '../dataplane/pods.ts';
import { scriptOnNode } from './context.ts';

const KILL_SCRIPT = `
ns="$1"
pids=$(ip netns pids "$ns")
if [ -z "$pids" ]; then echo "no process runs in pod $ns" >&2; exit 3; fi
kill -KILL $pids
for _ in $(seq 50); do
  if [ -z "$(ip netns pids "$ns")" ]; then echo "$pids" | tr '\\n' ' '; exit 0; fi
  sleep 0.1
done
echo "processes of pod $ns survived SIGKILL" >&2; exit 4
`;

/** Kills the pod's processes; returns their pids. */
export async function killPodProcesses(pod: PlannedPod): Promise<string[]> {
  const r = await scriptOnNode(pod.node, KILL_SCRIPT, [netnsName(pod)]).catch((err: Error) => {
    throw new LabgateError(`cannot stop the processes of pod ${pod.name} on ${pod.node}: ${err.message}`);
  });
  return r.stdout.trim().split(/\s+/).filter(Boolean);
}
