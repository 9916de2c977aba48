/**
 * kube-proxy's IPVS mode as `ipvsadm -Ln` (also with --stats or --rate) or `ipvsadm -S -n` prints it: each
 * virtual server is a way in, its real servers the endpoints, shared by weight as the scheduler does.
 * IPVS output names no Service, so each virtual server is reported under its own address.
 */
import type { EndpointView, ExplainResult, NotRuleLine, ServiceView } from '../types.ts';
import { familyOf, joinHostPort, splitHostPort } from '../../floor/address.ts';

export interface RealServer {
  address: string; // "ip:port" ("[v6]:port")
  forward: string; // Masq, Route, Tunnel
  weight: number | null; // null when the listing has no weights (--stats, --rate)
  line: number;
}

export interface VirtualServer {
  protocol: string; // tcp, udp, sctp, fwm
  address: string; // ip, or the firewall mark for FWM
  port: number;
  scheduler: string;
  persistentSeconds?: number;
  reals: RealServer[];
  line: number;
}

export interface ParsedIpvs {
  servers: VirtualServer[];
  notRules: NotRuleLine[];
  /** host or service names where -n prints numbers */
  names: string[];
  withoutWeights: boolean;
}

const SERVICE_LINE = /^(TCP|UDP|SCTP|FWM)\s+(\S+)\s+(\S+)?(.*)$/;
const REAL_LINE = /^->\s+(\S+)\s+(\S+)(?:\s+(\d+))?/;
const SAVE_SERVICE = /^-A\s+-([tuf])\s+(\S+)\s+(.*)$/;
const SAVE_REAL = /^-a\s+-([tuf])\s+(\S+)\s+-r\s+(\S+)(.*)$/;
const PROTOCOLS: Record<string, string> = { t: 'tcp', u: 'udp', f: 'fwm' };

/** True when the text looks like ipvsadm output. */
export function looksLikeIpvs(text: string): boolean {
  return (
    /^IP Virtual Server version/m.test(text) ||
    /^Prot LocalAddress:Port/m.test(text) ||
    /^-A\s+-[tuf]\s+\S+:\d+\s+-s\s/m.test(text)
  );
}

function hostPort(text: string, names: string[]): { address: string; port: number } {
  const { ip, port } = splitHostPort(text);
  if (familyOf(ip) === null || port === null) names.push(text);
  return { address: ip, port: port ?? 0 };
}

export function parseIpvs(text: string): ParsedIpvs {
  const parsed: ParsedIpvs = { servers: [], notRules: [], names: [], withoutWeights: false };
  let current: VirtualServer | null = null;
  const byKey = new Map<string, VirtualServer>(); // ipvsadm -S: "-t 10.0.0.1:80" -> its virtual server
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    if (line === '' || /^IP Virtual Server version/.test(line)) return;
    if (/^Prot LocalAddress:Port/.test(line)) {
      if (!/Scheduler/.test(line)) parsed.withoutWeights = true;
      return;
    }
    if (/^-> RemoteAddress:Port/.test(line)) return;
    const save = SAVE_SERVICE.exec(line);
    if (save) {
      const { address, port } = save[1] === 'f' ? { address: save[2]!, port: 0 } : hostPort(save[2]!, parsed.names);
      current = {
        protocol: PROTOCOLS[save[1]!]!,
        address,
        port,
        scheduler: /-s\s+(\S+)/.exec(save[3]!)?.[1] ?? 'wlc',
        reals: [],
        line: lineNo,
      };
      const persistent = /-p\s+(\d+)/.exec(save[3]!);
      if (persistent) current.persistentSeconds = Number(persistent[1]);
      parsed.servers.push(current);
      byKey.set(`${save[1]} ${save[2]}`, current);
      return;
    }
    const saveReal = SAVE_REAL.exec(line);
    if (saveReal) {
      const server = byKey.get(`${saveReal[1]} ${saveReal[2]}`);
      const weight = /-w\s+(\d+)/.exec(saveReal[4]!);
      const forward = /\s-g\b/.test(saveReal[4]!) ? 'Route' : /\s-i\b/.test(saveReal[4]!) ? 'Tunnel' : 'Masq';
      hostPort(saveReal[3]!, parsed.names);
      server?.reals.push({ address: saveReal[3]!, forward, weight: weight ? Number(weight[1]) : 1, line: lineNo });
      return;
    }
    const service = SERVICE_LINE.exec(line);
    if (service) {
      const protocol = service[1]!.toLowerCase();
      const { address, port } =
        protocol === 'fwm' ? { address: service[2]!, port: 0 } : hostPort(service[2]!, parsed.names);
      current = {
        protocol,
        address,
        port,
        scheduler: parsed.withoutWeights ? '' : (service[3] ?? ''),
        reals: [],
        line: lineNo,
      };
      const persistent = /persistent (\d+)/.exec(service[4] ?? '');
      if (persistent) current.persistentSeconds = Number(persistent[1]);
      parsed.servers.push(current);
      return;
    }
    const real = REAL_LINE.exec(line);
    if (real && current) {
      hostPort(real[1]!, parsed.names);
      const weight = parsed.withoutWeights || real[3] === undefined ? null : Number(real[3]);
      current.reals.push({ address: real[1]!, forward: parsed.withoutWeights ? '' : real[2]!, weight, line: lineNo });
      return;
    }
    parsed.notRules.push({ line: lineNo, text: line });
  });
  return parsed;
}

/** Schedulers that ignore weights (except weight 0, which takes no new connections). */
const UNWEIGHTED = new Set(['rr', 'lc', 'dh']);

function sharesOf(server: VirtualServer): number[] {
  const weights = server.reals.map((real) => real.weight ?? 1);
  const open = weights.map((w) => (w > 0 ? 1 : 0));
  if (server.scheduler === 'fo') {
    const best = weights.indexOf(Math.max(...weights));
    return weights.map((w, i) => (i === best && w > 0 ? 1 : 0));
  }
  const basis = UNWEIGHTED.has(server.scheduler) ? open : weights;
  const total = basis.reduce((a, b) => a + b, 0);
  return basis.map((b) => (total > 0 ? b / total : 0));
}

export function explainIpvs(parsed: ParsedIpvs): ExplainResult {
  const notes: string[] = ['IPVS output names no Service: each virtual server is listed under its own address.'];
  if (parsed.withoutWeights)
    notes.push(
      "This listing (--stats or --rate) has no weights: shares assume kube-proxy's weight 1 for every real server.",
    );
  const services: ServiceView[] = parsed.servers.map((server) => {
    const shown =
      server.protocol === 'fwm' ? `firewall mark ${server.address}` : joinHostPort(server.address, server.port);
    const shares = sharesOf(server);
    const endpoints: EndpointView[] = server.reals.map((real, i) => {
      const view: EndpointView = {
        address: real.address,
        chain: '',
        chainMatchesKubeProxyHash: false,
        ruleProbability: null,
        share: shares[i]!,
      };
      if (real.weight !== null) view.weight = real.weight;
      if (real.weight === 0) view.terminating = true;
      return view;
    });
    const view: ServiceView = {
      name: `${server.protocol.toUpperCase()} ${shown}`,
      protocol: server.protocol,
      clusterIP: server.protocol === 'fwm' ? '' : server.address,
      port: server.port,
      chain: '',
      chainMatchesKubeProxyHash: false,
      masqueradeUnlessFrom: null,
      endpoints,
      waysIn: [
        {
          kind: 'virtualServer',
          address: server.address,
          port: server.port,
          shownAs: shown,
          chain: '',
          routes: [
            { from: 'any client', to: endpoints.some((e) => e.share > 0) ? 'endpoints' : 'dropped', masquerade: false },
          ],
        },
      ],
    };
    const family = familyOf(server.address);
    if (family) view.family = family;
    if (server.persistentSeconds !== undefined) {
      view.sessionAffinity = true;
      view.sessionAffinityTimeoutSeconds = server.persistentSeconds;
    }
    if (!endpoints.some((e) => e.share > 0)) view.noEndpoints = 'dropped';
    return view;
  });
  const result: ExplainResult = { format: 'ipvsadm', services, problems: [], notes };
  if (parsed.notRules.length > 0) result.notRules = parsed.notRules;
  return result;
}
