/**
 * The kind of promise a failed scenario broke, read from where it failed (the step library file of its failing
 * step, or labgate's own error), never from the words of its message. Allure's categories then sort by kind:
 * the course report writes `promise: <kind>` as the first line of each failure's trace, and each category
 * full-matches its own kind there.
 */
import type { AllureCategory } from './categories.ts';

interface Kind {
  name: string;
  description: string;
  stepFiles: string[]; // steps/<name>.steps.ts whose assertions break this kind of promise
}

export const PROMISE_KINDS: Kind[] = [
  {
    name: 'Cluster and pods',
    description: 'The lab is not built as the text says: nodes, pods, workloads, what a destroyed lab left.',
    stepFiles: ['topology', 'pods', 'cleanup'],
  },
  {
    name: 'Pod network',
    description: "A pod's interface, routes, its node's end of the veth, TTLs and NAT between pods.",
    stepFiles: ['podNetwork'],
  },
  { name: 'IPAM', description: "Calico's pools, blocks and their affinities.", stepFiles: ['ipam'] },
  {
    name: 'Service dataplane',
    description: "A Service's VIP, EndpointSlices and kube-proxy's rules.",
    stepFiles: ['rules', 'endpoints', 'headless'],
  },
  { name: 'DNS', description: 'Cluster DNS, resolvers and lookups.', stepFiles: ['dns'] },
  { name: 'Connectivity', description: 'Traffic from pods to Services and backends.', stepFiles: ['connectivity'] },
  { name: 'Application', description: "The lab's application and its data.", stepFiles: ['application'] },
  { name: 'Lab text', description: "The lab text's own claims and notes.", stepFiles: ['notes'] },
];

export const LABGATE_DEFECT = 'labgate defect';
export const NOT_CHECKED = 'Not checked';

/** The kind of a failure from its message and stack: the step file that asserted, else labgate or the target. */
export function promiseKind(status: string, messageAndTrace: string): string {
  const file = /\bsteps\/(\w+)\.steps\.ts:\d+/.exec(messageAndTrace)?.[1];
  const kind = file ? PROMISE_KINDS.find((k) => k.stepFiles.includes(file)) : undefined;
  if (kind && status === 'failed') return kind.name;
  if (/\b(?:TypeError|ReferenceError|SyntaxError|RangeError)\b|Undefined\. Implement|ambiguous/i.test(messageAndTrace))
    return LABGATE_DEFECT;
  return kind?.name ?? NOT_CHECKED;
}

export const TRACE_KIND_PREFIX = 'promise: ';

export const promiseCategories: AllureCategory[] = [
  ...PROMISE_KINDS.map((k) => category(k.name, k.description, ['failed'])),
  category(LABGATE_DEFECT, 'A programming error in the gate itself, not in the lab.', ['broken', 'failed']),
  category(NOT_CHECKED, 'The lab could not be read (unreachable, not deployed): nothing was checked.', [
    'broken',
    'failed',
  ]),
];

function category(name: string, description: string, matchedStatuses: Array<'failed' | 'broken'>): AllureCategory {
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { name, description, matchedStatuses, traceRegex: `(?s)^${TRACE_KIND_PREFIX}${quoted}\\n.*` };
}
