/**
 * kube-proxy's iptables-mode nat rules, written as kube-proxy v1.28 feeds them to `iptables-restore --noflush`,
 * so the twin's nodes carry the same chains, names, comments and probabilities as a real node.
 *
 * Lines are written in the order iptables-save prints options, so a save of the applied rules reads the same
 * (except probabilities, which iptables keeps as 31-bit fractions: 1/3 comes back as 0.33333333349).
 */
import { LabgateError } from '../shared.ts';
import { kubeProxyEndpointChain, kubeProxyServiceChain, parseIptables, servicePortName } from '../shared.ts';

export interface KubeProxyEndpoint {
  ip: string;
  port: number;
}

export interface KubeProxyServicePort {
  namespace: string;
  name: string;
  portName: string; // "" for an unnamed port
  protocol: 'TCP' | 'UDP';
  clusterIP: string;
  port: number;
  endpoints: KubeProxyEndpoint[];
}

export interface KubeProxyNatInput {
  clusterCidr: string; // pod CIDR: clients outside it are masqueraded
  services: KubeProxyServicePort[];
}

export interface RenderOptions {
  /**
   * also append the jumps from the built-in chains (true: all three; or a list of the ones missing). Only when
   * they are not installed yet: the built-in chains are not flushed, so a second apply would duplicate them.
   */
  bootstrap?: boolean | ReadonlyArray<BootstrapJump>;
  /** KUBE-SVC-/KUBE-SEP- chains present on the node that this render no longer wants: flushed and deleted */
  staleChains?: string[];
}

const MASQ_MARK = '0x4000';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** [chain, comment, target] */
export type BootstrapJump = readonly [string, string, string];

/** The jumps kube-proxy keeps in the built-in chains; it checks them with -C on each sync. */
export const KUBE_PROXY_BOOTSTRAP_JUMPS: ReadonlyArray<BootstrapJump> = [
  ['PREROUTING', 'kubernetes service portals', 'KUBE-SERVICES'],
  ['OUTPUT', 'kubernetes service portals', 'KUBE-SERVICES'],
  ['POSTROUTING', 'kubernetes postrouting rules', 'KUBE-POSTROUTING'],
];

const STATIC_CHAINS = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];

function check(condition: boolean, what: string): void {
  if (!condition)
    throw new LabgateError(`cannot render kube-proxy rules: ${what}`, 'fix the service description the twin was given');
}

function validate(input: KubeProxyNatInput): void {
  const [base, prefix] = input.clusterCidr.split('/');
  check(
    IPV4.test(base ?? '') && /^\d+$/.test(prefix ?? '') && Number(prefix) <= 32,
    `bad cluster CIDR "${input.clusterCidr}"`,
  );
  for (const service of input.services) {
    const label = `${service.namespace}/${service.name}`;
    check(DNS_LABEL.test(service.namespace) && DNS_LABEL.test(service.name), `bad service name "${label}"`);
    check(
      service.portName === '' || DNS_LABEL.test(service.portName),
      `bad port name "${service.portName}" on ${label}`,
    );
    check(service.protocol === 'TCP' || service.protocol === 'UDP', `protocol ${service.protocol} on ${label}`);
    check(IPV4.test(service.clusterIP), `bad cluster IP "${service.clusterIP}" on ${label}`);
    for (const port of [service.port, ...service.endpoints.map((endpoint) => endpoint.port)]) {
      check(Number.isInteger(port) && port >= 1 && port <= 65535, `bad port ${port} on ${label}`);
    }
    for (const endpoint of service.endpoints)
      check(IPV4.test(endpoint.ip), `bad endpoint IP "${endpoint.ip}" on ${label}`);
  }
}

/** Chain and rule lines of one service port; empty when it has no endpoints (see renderKubeProxyNat). */
function serviceLines(service: KubeProxyServicePort, clusterCidr: string): { chains: string[]; rules: string[] } {
  if (service.endpoints.length === 0) return { chains: [], rules: [] };
  const name = servicePortName(service.namespace, service.name, service.portName);
  const proto = service.protocol.toLowerCase();
  const svcChain = kubeProxyServiceChain(name, proto);
  const vipMatch =
    `-d ${service.clusterIP}/32 -p ${proto} -m comment --comment "${name} cluster IP" ` +
    `-m ${proto} --dport ${service.port}`;
  const chains = [svcChain];
  const rules = [
    `-A KUBE-SERVICES ${vipMatch} -j ${svcChain}`,
    `-A ${svcChain} ! -s ${clusterCidr} ${vipMatch} -j KUBE-MARK-MASQ`,
  ];
  const sepRules: string[] = [];
  const n = service.endpoints.length;
  service.endpoints.forEach((endpoint, i) => {
    const address = `${endpoint.ip}:${endpoint.port}`;
    const sepChain = kubeProxyEndpointChain(name, proto, address);
    chains.push(sepChain);
    const statistic = i < n - 1 ? ` -m statistic --mode random --probability ${(1 / (n - i)).toFixed(11)}` : '';
    rules.push(`-A ${svcChain} -m comment --comment "${name} -> ${address}"${statistic} -j ${sepChain}`);
    sepRules.push(
      `-A ${sepChain} -s ${endpoint.ip}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`,
      `-A ${sepChain} -p ${proto} -m comment --comment "${name}" -m ${proto} -j DNAT --to-destination ${address}`,
    );
  });
  return { chains, rules: [...rules, ...sepRules] };
}

/** Every KUBE-* chain a render of `input` declares (and so flushes on each apply). */
export function kubeProxyChainNames(input: KubeProxyNatInput): string[] {
  return [...STATIC_CHAINS, ...input.services.flatMap((service) => serviceLines(service, input.clusterCidr).chains)];
}

/**
 * The `*nat ... COMMIT` text for `iptables-restore --noflush`. Every KUBE-* chain is declared, so a re-apply
 * flushes and rewrites them; the built-in chains are left alone unless `bootstrap` asks for their jumps.
 * A service with no endpoints gets no nat rules: kube-proxy rejects its traffic in the filter table's
 * KUBE-SERVICES chain instead, which this nat render does not write.
 */
export function renderKubeProxyNat(input: KubeProxyNatInput, options: RenderOptions = {}): string {
  validate(input);
  const perService = input.services.map((service) => serviceLines(service, input.clusterCidr));
  const wanted = new Set(kubeProxyChainNames(input));
  const stale = (options.staleChains ?? []).filter((chain) => !wanted.has(chain));
  const lines = ['*nat'];
  for (const chain of [...STATIC_CHAINS, ...perService.flatMap((s) => s.chains), ...stale])
    lines.push(`:${chain} - [0:0]`);
  const jumps = options.bootstrap === true ? KUBE_PROXY_BOOTSTRAP_JUMPS : options.bootstrap || [];
  for (const [chain, comment, target] of jumps)
    lines.push(`-A ${chain} -m comment --comment "${comment}" -j ${target}`);
  lines.push(
    `-A KUBE-MARK-MASQ -j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`,
    `-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --set-xmark ${MASQ_MARK}/0x0`,
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  );
  for (const service of perService) lines.push(...service.rules);
  lines.push(
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; ' +
      'NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  for (const chain of stale) lines.push(`-X ${chain}`);
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** Per-service chains on the node (existingChainNames) that the rendered text `wanted` no longer declares. */
export function staleKubeProxyChains(existingChainNames: string[], wanted: string): string[] {
  const declared = new Set([...wanted.matchAll(/^:(\S+) /gm)].map((match) => match[1]!));
  return existingChainNames.filter((chain) => /^KUBE-(SVC|SEP)-/.test(chain) && !declared.has(chain));
}

/**
 * A restore text that deletes the stale chains on its own (flush, then -X); empty when there are none.
 * Apply it after the render that stopped referencing them, or pass them as `staleChains` to do both at once.
 */
export function renderKubeProxyCleanup(existingChainNames: string[], wanted: string): string {
  const stale = staleKubeProxyChains(existingChainNames, wanted);
  if (stale.length === 0) return '';
  return [
    '*nat',
    ...stale.map((chain) => `:${chain} - [0:0]`),
    ...stale.map((chain) => `-X ${chain}`),
    'COMMIT',
    '',
  ].join('\n');
}

/**
 * One restore text that brings a node from its current `iptables-save -t nat` output to `input`: the bootstrap
 * jumps only where missing (so re-applying never duplicates them) and stale per-service chains deleted.
 */
export function planKubeProxySync(currentNatSave: string, input: KubeProxyNatInput): string {
  const current = parseIptables(currentNatSave);
  const installed = ([chain, comment, target]: BootstrapJump) =>
    current.chains.get(chain)?.rules.some((rule) => rule.target === target && rule.comment === comment) ?? false;
  return renderKubeProxyNat(input, {
    bootstrap: KUBE_PROXY_BOOTSTRAP_JUMPS.filter((jump) => !installed(jump)),
    staleChains: staleKubeProxyChains([...current.chains.keys()], renderKubeProxyNat(input)),
  });
}
