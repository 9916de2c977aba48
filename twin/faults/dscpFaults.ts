/**
 * Faults in DSCP marking and shaping, through the real dataplane: a pod's mark gone from its node's mangle
 * chain, the mark applied inside the cluster too, the router's HTB class for a class's TOS at another rate, the
 * router's route back to the pods gone. The router is found from the topology (the Linux node
 * whose exec lines shape or route), never by name.
 */
import { LabgateError } from '../shared.ts';
import { DSCP_CHAIN, dscpValue } from '../nodes/dscp.ts';
import { execWords } from '../topology/execLines.ts';
import { clabContainerName } from '../topology/containers.ts';
import type { TopologyNode } from '../topology/index.ts';
import { onNode, type FaultContext } from './context.ts';

const MANGLE = ['iptables', '-w', '-t', 'mangle'];

/** The rules of the node's DSCP chain, as `iptables -S` prints them. */
async function chainRules(node: string): Promise<string[]> {
  const r = await onNode(node, [...MANGLE, '-S', DSCP_CHAIN], { reject: false });
  if (r.exitCode !== 0) throw new LabgateError(`${node} has no ${DSCP_CHAIN} chain: no pod of it is marked`);
  return r.stdout.split('\n').filter((l) => l.startsWith(`-A ${DSCP_CHAIN} `));
}

async function podRule(ctx: FaultContext) {
  const pod = ctx.targets.pod();
  const rule = (await chainRules(pod.node)).find((l) => l.includes(`-s ${pod.ip}/32 `));
  if (!rule) throw new LabgateError(`${pod.node} marks nothing for pod ${pod.name} (${pod.ip})`);
  return { pod, rule };
}

/** The target pod's DSCP rule is deleted on its node: its traffic leaves unmarked. */
export async function dscpMarkMissing(ctx: FaultContext): Promise<string> {
  const { pod, rule } = await podRule(ctx);
  await onNode(pod.node, [...MANGLE, '-D', ...rule.split(' ').slice(1)]);
  return `deleted the DSCP rule of ${pod.name} (${pod.ip}) on ${pod.node}`;
}

/** The target node marks traffic to the cluster too: the chain's RETURN rules for the pools and nodes go. */
export async function dscpInsideCluster(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const returns = (await chainRules(node.name)).filter((l) => / -j RETURN$/.test(l));
  if (returns.length === 0) throw new LabgateError(`${node.name}'s ${DSCP_CHAIN} leaves nothing unmarked already`);
  for (const rule of returns) await onNode(node.name, [...MANGLE, '-D', ...rule.split(' ').slice(1)]);
  return `deleted ${returns.length} RETURN rules of ${DSCP_CHAIN} on ${node.name}: the cluster's own traffic is marked`;
}

function linuxNodes(ctx: FaultContext): TopologyNode[] {
  const t = ctx.plan.topology;
  if (!t) throw new LabgateError(`the twin of ${ctx.lab} has no containerlab topology`);
  return t.nodes.filter((n) => n.role === 'extra' && n.kind === 'linux');
}

/** `tc ... match ip tos T M flowid C` and `tc class add dev D parent P classid C htb rate R ceil C'` lines. */
function shaperOf(ctx: FaultContext, tos: number) {
  for (const node of linuxNodes(ctx)) {
    const words = node.exec.map(execWords);
    const filter = words.find(
      (w) => w[0] === 'tc' && w[1] === 'filter' && w.includes('tos') && Number(w[w.indexOf('tos') + 1]) === tos,
    );
    if (!filter) continue;
    const flowid = filter[filter.indexOf('flowid') + 1];
    const cls = words.find((w) => w[0] === 'tc' && w[1] === 'class' && w[w.indexOf('classid') + 1] === flowid);
    if (cls) return { node, cls };
  }
  throw new LabgateError(`no Linux node of the topology shapes tos 0x${tos.toString(16)} into an HTB class`);
}

/** tc's rate text times `factor`, in its own unit (`5mbit` * 4 -> `20mbit`). */
export function scaledRate(rate: string, factor: number): string {
  const m = /^(\d+(?:\.\d+)?)(\w*)$/.exec(rate);
  if (!m) throw new LabgateError(`"${rate}" is not a tc rate`);
  return `${Number(m[1]) * factor}${m[2]}`;
}

/** The router's HTB class for the TOS of the target class (target: dscp) runs at four times its rate and ceil. */
export async function htbClassRateChanged(ctx: FaultContext): Promise<string> {
  const tos = dscpValue(ctx.targets.text('dscp'), `${ctx.targets.where}.dscp`) << 2;
  const { node, cls } = shaperOf(ctx, tos);
  const changed = cls.map((w, i) =>
    i > 0 && (cls[i - 1] === 'rate' || cls[i - 1] === 'ceil')
      ? scaledRate(w, 4)
      : w === 'add' && i === 2
        ? 'change'
        : w,
  );
  const container = clabContainerName(ctx.plan.topology!, node.name);
  await onNode(container, changed);
  return `ran \`${changed.join(' ')}\` on ${container}`;
}

/** The router loses its route to the pool via the target node (the one its exec lines add). */
export async function routerRouteMissing(ctx: FaultContext): Promise<string> {
  const ip = ctx.plan.topology?.nodeAddresses[ctx.targets.node().name]?.ip;
  if (!ip) throw new LabgateError(`${ctx.targets.node().name} has no node-ip in the topology`);
  for (const node of linuxNodes(ctx)) {
    const line = node.exec
      .map(execWords)
      .find((w) => w[0] === 'ip' && w[1] === 'route' && w[2] === 'add' && w[4] === 'via' && w[5] === ip);
    if (!line) continue;
    const container = clabContainerName(ctx.plan.topology!, node.name);
    const cidr = line[3]!;
    await onNode(container, ['ip', 'route', 'del', cidr, 'via', ip]);
    // as the nodes' guard routes do: the replies that lost their route stay on this machine instead of following
    // the management network's default route out (a blackhole for the enclosing prefix; the lab's own is gone)
    const [net, len] = cidr.split('/');
    await onNode(container, ['ip', 'route', 'replace', 'blackhole', `${net}/${Number(len) - 1}`]);
    return `deleted the route to ${cidr} via ${ip} on ${container}`;
  }
  throw new LabgateError(`no Linux node of the topology routes via ${ip}`);
}
