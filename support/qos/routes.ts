/** A host's route to a prefix (`ip -j route show <prefix>`), checked against the gateway the lab routes it by. */
import { runOnNode } from '../access/nodeRunner.ts';
import { commandEvidence, type Evidence, finding, type Finding } from '../floor/finding.ts';

export interface JsonRoute {
  dst: string;
  gateway?: string;
  dev?: string;
  type?: string;
}

/** What the routes to exactly `cidr` say, one phrase: `via G dev D`, `blackhole`, or `no route`. */
export function routePhrase(routes: readonly JsonRoute[], cidr: string): string {
  const r = routes.find((x) => x.dst === cidr);
  if (!r) return 'no route';
  if (r.type && r.type !== 'unicast') return r.type;
  return r.gateway ? `via ${r.gateway}` : `on-link dev ${r.dev ?? '?'}`;
}

export function routeVia(
  who: string,
  routes: readonly JsonRoute[],
  cidr: string,
  via: string,
  evidence: Evidence[] = [],
): Finding<string> {
  const observed = routePhrase(routes, cidr);
  return finding(
    `via ${via}`,
    observed,
    `The lab promises ${who} a route to ${cidr} via ${via}; it has ${observed}.`,
    evidence,
  );
}

/** A host's routes to exactly `cidr`, read from the kernel; none when it has none. */
export async function readRoutes(
  container: string,
  cidr: string,
): Promise<{ routes: JsonRoute[]; evidence: Evidence[] }> {
  const r = await runOnNode(container, ['ip', '-j', 'route', 'show', cidr]);
  let routes: JsonRoute[] = [];
  try {
    routes = r.exitCode === 0 ? (JSON.parse(r.stdout || '[]') as JsonRoute[]) : [];
  } catch {
    routes = [];
  }
  return { routes, evidence: [commandEvidence(`routes of ${container}`, r)] };
}
