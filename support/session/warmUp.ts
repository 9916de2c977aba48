/**
 * Fetches early, side by side, what the run's scenarios will ask of the lab (support/run/plan.ts): the API
 * objects, the nodes' NAT tables, each pod's lookups and requests as one exec, then the connection bursts,
 * those of different nodes at the same time. Everything lands in the session's memo, where the steps find
 * it; a failure is left for the step that needs it to meet (and report) again.
 */
import type { RunPlan } from '../run/plan.ts';
import type { LabSession } from './session.ts';
import type { PodRef } from '../access/podExec.ts';
import { isDns1123Subdomain } from '../floor/names.ts';

const quiet = (p: Promise<unknown>) => p.catch(() => undefined);

const warming = new WeakSet<LabSession>();

/**
 * Starts the warm-up once per session: `labgate run` starts it as soon as the features are checked and the lab answers.
 */
export function startWarmUp(session: LabSession, plan: RunPlan): void {
  if (warming.has(session)) return;
  warming.add(session);
  warmUp(session, plan).catch(() => undefined);
}

async function warmUp(session: LabSession, plan: RunPlan): Promise<void> {
  quiet(session.cluster.containers());
  if (plan.ipv6Nat) quiet(session.nat.ipv6Tables());
  for (const s of plan.services) quiet(session.cluster.slices(s));
  const roles = await session.cluster.roles();
  const workers = roles.workers.map((_, i) => `worker ${i + 1}`);
  for (const role of plan.natRoles) quiet(session.cluster.nodeForRole(role).then((n) => session.nat.table(n)));

  // resolve every probing pod first, so that each node's probes are queued before its burst
  const byPod = new Map<
    string,
    {
      pod: PodRef;
      lookups: string[];
      requests: { host: string; port: number; payload: string }[];
      bursts: { service: string; port: number; count: number }[];
    }
  >();
  // a name the step will refuse is never sent ahead of it: values from features reach a pod only once checked
  const checked = plan.probes.filter((p) =>
    p.kind === 'lookup' ? isDns1123Subdomain(p.name) : p.kind === 'request' ? isDns1123Subdomain(p.host) : true,
  );
  const wanted = checked.flatMap((p) => (p.role === 'every worker' ? workers.map((role) => ({ ...p, role })) : [p]));
  const pods = await Promise.all(wanted.map((p) => session.traffic.podOn(p.workload, p.role).catch(() => undefined)));
  wanted.forEach((p, i) => {
    const pod = pods[i];
    if (!pod) return;
    const entry = byPod.get(pod.name) ?? { pod, lookups: [], requests: [], bursts: [] };
    byPod.set(pod.name, entry);
    if (p.kind === 'lookup' && !entry.lookups.includes(p.name)) entry.lookups.push(p.name);
    if (
      p.kind === 'request' &&
      !entry.requests.some((r) => r.host === p.host && r.port === p.port && r.payload === p.payload)
    )
      entry.requests.push(p);
    if (p.kind === 'burst') entry.bursts.push(p);
  });
  for (const e of byPod.values())
    if (e.lookups.length + e.requests.length > 0) session.traffic.probeTogether(e.pod, e.lookups, e.requests);
  for (const e of byPod.values()) {
    for (const b of e.bursts) {
      quiet(
        session.cluster
          .servicePortByNumber(b.service, b.port)
          .then((f) => session.traffic.openConnections(e.pod, f.clusterIP, b.port, b.count)),
      );
    }
  }
}
