/**
 * The cluster DNS pods' servers (twin/dns: unbound) configured from the twin's state: the plan's Services,
 * the endpoints the EndpointSlice controller last wrote, and the DNS settings a fault may have changed.
 * Used at pod setup, by the control plane when endpoints change, and by the DNS faults.
 */
import { clusterDnsConfig, type ClusterDnsConfig, type DnsService, type UpstreamStandIn } from '../dns/index.ts';
import { docker } from '../docker.ts';
import { HEADLESS, hostnameUnder, serviceSelects, type PlannedPod, type TwinPlan } from '../plan.ts';
import type { TwinState } from '../control/state.ts';
import { shq } from './shell.ts';
import { processKind } from '../pods/index.ts';

/** Kind's CoreDNS serves cluster records with `ttl 30`. */
export const CLUSTER_DNS_TTL = 30;

/** What a fault may change in the cluster DNS; kept in the twin's state so every re-render honours it. */
export interface DnsSettings {
  ttl?: number;
  upstream?: UpstreamStandIn;
  /** "ns/name" of Services whose records the DNS no longer has */
  omit?: string[];
  /** "ns/service/hostname" of endpoints whose per-pod name the DNS no longer has (their address stays) */
  omitHostnames?: string[];
  /** "ns/name" of Services -> addresses the DNS answers besides their endpoints' (stale records) */
  extraAddresses?: Record<string, string[]>;
}

export type EndpointsOf = (svc: TwinPlan['services'][number]) => { ip: string; ready: boolean; hostname?: string }[];

export function dnsSettings(state: TwinState): DnsSettings {
  return state.read<DnsSettings>('dns.json') ?? {};
}

/** The endpoints as planned (every selected pod ready): what the DNS serves before the first observation. */
export function plannedEndpoints(plan: TwinPlan): EndpointsOf {
  return (svc) =>
    plan.pods.filter((p) => serviceSelects(svc, p)).map((p) => ({ ip: p.ip, ready: true, ...hostnameUnder(svc, p) }));
}

function services(plan: TwinPlan, endpointsOf: EndpointsOf, settings: DnsSettings): DnsService[] {
  return plan.services
    .filter((s) => !(settings.omit ?? []).includes(`${s.namespace}/${s.name}`))
    .map((s) => ({
      namespace: s.namespace,
      name: s.name,
      clusterIP: s.clusterIP === HEADLESS ? null : s.clusterIP,
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), protocol: p.protocol, port: p.port })),
      endpoints: [
        ...endpointsOf(s).map(({ hostname, ...e }) =>
          hostname && !(settings.omitHostnames ?? []).includes(`${s.namespace}/${s.name}/${hostname}`)
            ? { ...e, hostname }
            : e,
        ),
        ...(settings.extraAddresses?.[`${s.namespace}/${s.name}`] ?? []).map((ip) => ({ ip, ready: true })),
      ],
    }));
}

export function dnsPodDirs(pod: PlannedPod, confRoot: string, runRoot: string): { confDir: string; runDir: string } {
  return { confDir: `${confRoot}/${pod.name}`, runDir: `${runRoot}/${pod.name}` };
}

export function clusterDnsFor(
  plan: TwinPlan,
  pod: PlannedPod,
  dirs: { confDir: string; runDir: string },
  endpointsOf: EndpointsOf,
  settings: DnsSettings = {},
): ClusterDnsConfig {
  return clusterDnsConfig({
    domain: plan.dnsDomain,
    ttl: settings.ttl ?? CLUSTER_DNS_TTL,
    upstream: settings.upstream ?? 'unreachable',
    podIp: pod.ip,
    ...dirs,
    exec: ['ip', 'netns', 'exec', pod.name],
    services: services(plan, endpointsOf, settings),
    pods: plan.pods.map((p) => ({ namespace: p.namespace, ip: p.ip })),
  });
}

/**
 * Shell lines that write every file of the configuration (heredocs, quoted: nothing is expanded), each to a
 * temporary file renamed into place, so a reader (the server's reload, the Corefile reader) sees the old file
 * or the new one, never half of one.
 */
export function writeFilesScript(config: ClusterDnsConfig): string {
  return Object.entries(config.files)
    .map(([file, content], i) => {
      const body = `${content}${content.endsWith('\n') ? '' : '\n'}`;
      const dir = shq(file.replace(/\/[^/]+$/, ''));
      const next = shq(`${file}.new`);
      return `mkdir -p ${dir}\ncat > ${next} <<'LABGATE_DNS_${i}'\n${body}LABGATE_DNS_${i}\nmv -f ${next} ${shq(file)}`;
    })
    .join('\n');
}

/**
 * Rewrites every cluster DNS pod's records and has its server reload them; a restart of the upstream when it
 * changed.
 */
export async function renderClusterDns(
  plan: TwinPlan,
  endpointsOf: EndpointsOf,
  settings: DnsSettings,
  dirsOf: (pod: PlannedPod) => { confDir: string; runDir: string },
  opts: { restartUpstream?: boolean } = {},
): Promise<void> {
  await Promise.all(
    plan.pods
      .filter((p) => processKind(p).servesClusterDns)
      .map((pod) => {
        const config = clusterDnsFor(plan, pod, dirsOf(pod), endpointsOf, settings);
        const apply = opts.restartUpstream ? config.restartUpstreamCommand : config.reloadCommand;
        const script = `${writeFilesScript(config)}\n${apply} 2>/dev/null || true\n`;
        return docker(['exec', '-i', pod.node, 'bash', '-s'], { input: script, reject: false, timeoutMs: 15_000 });
      }),
  );
}
