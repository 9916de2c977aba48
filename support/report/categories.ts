/**
 * Allure categories that sort a failed scenario by its cause, so a course author sees at once whether
 * the lab drifted, the dataplane is wrong, DNS broke, traffic did not get through, or the lab was not there.
 *
 * How matching works: Allure 2 (Java) full-matches `messageRegex` against the failure message and puts a
 * result in EVERY category that matches. To give each failure exactly one cause, the causes are ranked and
 * each regex refuses (negative lookahead) the words of the causes ranked above it:
 *
 *   1. Target unreachable  "unreachable", "not reachable", "cannot/could not reach", "no kubeconfig",
 *                          "kubeconfig not found/missing/invalid", "no such container", "EHOSTUNREACH", "ENOTFOUND"
 *   2. Lab drift           "drift", "lab text", "not deployed"
 *   3. DNS                 "DNS", "resolve"/"resolution", "NXDOMAIN", "SERVFAIL", "nslookup", "CoreDNS", "kube-dns"
 *   4. Service dataplane   "kube-proxy", "iptables", "KUBE-SERVICES/SVC/SEP/MARK-MASQ", "DNAT", "EndpointSlice",
 *                          "probability"
 *   5. Connectivity        "connect..." (connect, connection, connected), "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT",
 *                          "timed out", "timeout", "refused", "reset by peer", "no route to host", "HTTP", "telnet"
 *
 * All matching is case-insensitive and spans lines: `(?is)` in Java, flags "is" in JavaScript.
 * A failure that names none of these falls into Allure's own "Product defects" / "Test defects".
 * "labgate defect" catches the gate's own bugs by their stack trace (TypeError and friends).
 */

export interface AllureCategory {
  name: string;
  description: string;
  matchedStatuses: Array<'failed' | 'broken'>;
  messageRegex?: string;
  traceRegex?: string;
}

interface Cause {
  name: string;
  description: string;
  words: string[];
}

const CAUSES: Cause[] = [
  {
    name: 'Target unreachable',
    description: 'The lab (Kubernetes API, kubeconfig or node containers) could not be reached: nothing was checked.',
    words: [
      'unreachable',
      'not reachable',
      'cannot reach',
      'could not reach',
      'no kubeconfig',
      'kubeconfig (?:not found|missing|invalid)',
      'no such container',
      'ehostunreach',
      'enotfound',
    ],
  },
  {
    name: 'Lab drift',
    description: 'The deployed lab differs from what the lab text describes (objects missing, renamed or changed).',
    words: ['drift', 'lab text', 'not deployed'],
  },
  {
    name: 'DNS',
    description: 'Service names did not resolve inside the cluster.',
    words: ['\\bdns\\b', 'resolv', 'resolution', 'nxdomain', 'servfail', 'nslookup', 'coredns', 'kube-dns'],
  },
  {
    name: 'Service dataplane (kube-proxy, iptables, EndpointSlice)',
    description:
      'kube-proxy rules or EndpointSlices do not match the Service: chains, probabilities, DNAT targets, endpoints.',
    words: [
      'kube-proxy',
      'iptables',
      'kube-(?:services|svc|sep|mark-masq)',
      '\\bdnat\\b',
      'endpointslice',
      'probability',
    ],
  },
  {
    name: 'Connectivity',
    description: 'Traffic from a pod did not reach the Service or its backends.',
    words: [
      'connect',
      'econnrefused',
      'econnreset',
      'etimedout',
      'timed out',
      'timeout',
      'refused',
      'reset by peer',
      'no route to host',
      '\\bhttp\\b',
      'telnet',
    ],
  },
];

/** The regex body (without flags) that full-matches a message naming this cause and none ranked above it. */
function causeRegexBody(rank: number): string {
  const mine = CAUSES[rank]!.words.join('|');
  const above = CAUSES.slice(0, rank)
    .flatMap((c) => c.words)
    .join('|');
  return above ? `^(?!.*(?:${above})).*(?:${mine}).*$` : `^.*(?:${mine}).*$`;
}

export const labgateCategories: AllureCategory[] = [
  ...CAUSES.map((cause, rank) => ({
    name: cause.name,
    description: cause.description,
    matchedStatuses: ['failed', 'broken'] as Array<'failed' | 'broken'>,
    messageRegex: `(?is)${causeRegexBody(rank)}`,
  })),
  {
    name: 'labgate defect',
    description: 'A programming error in the gate itself, not in the lab.',
    matchedStatuses: ['broken', 'failed'],
    traceRegex: '(?s)^.*\\b(?:TypeError|ReferenceError|SyntaxError|RangeError)\\b.*$',
  },
];

/** The same patterns for JavaScript (which has no inline `(?is)`): used by tests and by anyone sorting messages. */
export function categoryRegExp(pattern: string): RegExp {
  const inline = /^\(\?([a-z]+)\)/.exec(pattern);
  const flags = inline ? inline[1]!.replace(/[^ims]/g, '') : '';
  return new RegExp(inline ? pattern.slice(inline[0].length) : pattern, flags);
}

/** Which labgate categories a failure message falls into (normally exactly one, or none). */
export function categoriesForMessage(message: string): string[] {
  return labgateCategories
    .filter((c) => c.messageRegex && categoryRegExp(c.messageRegex).test(message))
    .map((c) => c.name);
}
