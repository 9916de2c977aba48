/**
 * Lab 03: a ping between pods comes back with 64 minus one per node that routed it. Same node: the node
 * routes between two veths (one hop). Across nodes: the source node and the destination node each route
 * it once (two hops); the nodes share one L2 network, as Kind's nodes do, so nothing else decrements it.
 */
import { finding, type Evidence, type Finding } from '../../floor/finding.ts';
import { kubectlExec, podLabel, type PodPlace } from '../model.ts';
import { replyTtls, type PingRun } from '../ping.ts';

/** Linux's net.ipv4.ip_default_ttl, which the replying pod starts its echo reply with. */
export const LINUX_INITIAL_TTL = 64;

export function routedHops(source: Pick<PodPlace, 'node'>, destination: Pick<PodPlace, 'node'>): number {
  return source.node === destination.node ? 1 : 2;
}

export function expectedReplyTtl(
  source: Pick<PodPlace, 'node'>,
  destination: Pick<PodPlace, 'node'>,
  initialTtl = LINUX_INITIAL_TTL,
): number {
  return initialTtl - routedHops(source, destination);
}

function path(source: PodPlace, destination: PodPlace): string {
  return source.node === destination.node ? `both on ${source.node}` : `${source.node} to ${destination.node}`;
}

export function pingReplyTtl(
  source: PodPlace,
  destination: PodPlace,
  run: PingRun,
  evidence: Evidence[],
  initialTtl = LINUX_INITIAL_TTL,
): Finding<number[]> {
  const hops = routedHops(source, destination);
  const expected = initialTtl - hops;
  const observed = replyTtls(run);
  const replies = observed.length ? `the replies carry TTL ${observed.join(', ')}` : 'no reply came back';
  const firstError = run.errors[0] ? ` (${run.errors[0].message} from ${run.errors[0].from})` : '';
  return finding(
    [expected],
    observed,
    `The lab promises that a ping from ${podLabel(source)} to ${podLabel(destination)} (${destination.ip}, ` +
      `${path(source, destination)}) is answered with TTL ${expected}: ${initialTtl} less ${hops} routed hop(s); ` +
      `${replies}${firstError}. ` +
      `Check \`${kubectlExec(source, `ping -c 3 ${destination.ip}`)}\` and the routes on the nodes.`,
    evidence,
  );
}

export function pingAnswered(
  source: PodPlace,
  destination: PodPlace,
  run: PingRun,
  sent: number,
  evidence: Evidence[],
): Finding<{ received: number; lossPercent: number }> {
  const received = run.summary?.received ?? run.replies.filter((r) => !r.duplicate).length;
  const transmitted = run.summary?.transmitted ?? sent;
  const lossPercent =
    run.summary?.lossPercent ?? (transmitted ? Math.round((100 * (transmitted - received)) / transmitted) : 100);
  return finding(
    { received: sent, lossPercent: 0 },
    { received, lossPercent },
    `The lab promises that pod ${podLabel(source)} reaches pod ${podLabel(destination)} (${destination.ip}, ` +
      `${path(source, destination)}) with ping; ${received} of ${transmitted} echo requests were answered ` +
      `(${lossPercent}% loss)${run.errors[0] ? `, "${run.errors[0].message}" from ${run.errors[0].from}` : ''}. ` +
      `Check the /32 routes on the destination node, the block routes between nodes, and ` +
      `\`${kubectlExec(source, 'ip route')}\`.`,
    evidence,
  );
}
