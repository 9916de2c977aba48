/** Reads a node's real state: which pod namespaces exist, their addresses, whether their process lives. */
import { runInNode } from './nodeEnter.ts';
import { POD_RUN_DIR } from './pods.ts';

export interface ObservedPod {
  netns: string;
  ip?: string;
  alive: boolean;
}

export interface ObservedNode {
  name: string;
  running: boolean;
  ip?: string;
  pods: Map<string, ObservedPod>;
  routes: string[]; // destinations of routes via other nodes (the /26 blocks)
}

const OBSERVE_SCRIPT = `
for ns in $(ip netns list | cut -d' ' -f1); do
  ip=$(ip -n "$ns" -4 -o addr show dev eth0 2>/dev/null | awk '{print $4}' | cut -d/ -f1 | head -n1)
  alive=0
  pid=$(cat ${POD_RUN_DIR}/"$ns"/main.pid 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then alive=1; fi
  echo "pod $ns \${ip:--} $alive"
done
ip -4 route show | awk '$2 == "via" {print "route " $1}'
`;

/** A node's state, or undefined when its running container could not be read this time (an exec that failed). */
export async function observeNode(name: string, running: boolean, ip?: string): Promise<ObservedNode | undefined> {
  const node: ObservedNode = { name, running, ip, pods: new Map(), routes: [] };
  if (!running) return node;
  const r = await runInNode(name, ['sh', '-c', OBSERVE_SCRIPT], { timeoutMs: 15_000 });
  if (r.exitCode !== 0) return undefined;
  for (const line of r.stdout.split('\n')) {
    const [kind, a, b, c] = line.trim().split(/\s+/);
    if (kind === 'pod' && a) node.pods.set(a, { netns: a, ip: b === '-' ? undefined : b, alive: c === '1' });
    if (kind === 'route' && a && a !== 'default') node.routes.push(a);
  }
  return node;
}
