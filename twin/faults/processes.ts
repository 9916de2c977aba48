/** A pod's container dies: every process in its network namespace is killed, as a crashed container's would be. */
import { LabgateError } from '../shared.ts';
import type { PlannedPod } from '../plan.ts';
import { netnsName, POD_RUN_DIR } from '../dataplane/pods.ts';
import { scriptOnNode } from './context.ts';

// `ip netns pids` cannot see a process that made itself non-dumpable (dnsmasq does), so the pod's
// main.pid is added to what it finds.
const KILL_SCRIPT = `
ns="$1"; pidfile="$2"
pids=$(ip netns pids "$ns")
main=$(cat "$pidfile" 2>/dev/null || true)
if [ -n "$main" ] && kill -0 "$main" 2>/dev/null; then pids=$(printf '%s\\n%s\\n' "$pids" "$main" | sort -un); fi
pids=$(echo $pids)
if [ -z "$pids" ]; then echo "no process runs in pod $ns" >&2; exit 3; fi
kill -KILL $pids
for _ in $(seq 50); do
  alive=""
  for p in $pids; do if kill -0 "$p" 2>/dev/null; then alive="$alive $p"; fi; done
  if [ -z "$alive" ]; then echo "$pids"; exit 0; fi
  sleep 0.1
done
echo "processes$alive of pod $ns survived SIGKILL" >&2; exit 4
`;

/** Kills the pod's processes; returns their pids. */
export async function killPodProcesses(pod: PlannedPod): Promise<string[]> {
  const r = await scriptOnNode(pod.node, KILL_SCRIPT, [
    netnsName(pod),
    `${POD_RUN_DIR}/${netnsName(pod)}/main.pid`,
  ]).catch((err: Error) => {
    throw new LabgateError(`cannot stop the processes of pod ${pod.name} on ${pod.node}: ${err.message}`);
  });
  return r.stdout.trim().split(/\s+/).filter(Boolean);
}
