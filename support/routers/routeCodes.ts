/** What a route's code (EOS's `B E`, `O IA`; FRR's `B`, `K`) or JSON route type says about where it came from. */
import type { Route, RouteProtocol } from './model.ts';

type Origin = Pick<Route, 'protocol'> & { bgpKind?: 'external' | 'internal' };

/** EOS's codes, the first word deciding: `C` connected, `S` static, `B E` eBGP, `B I` iBGP, `O ...` OSPF. */
export function originOfCode(code: string): Origin | undefined {
  const [first, second] = code.split(' ');
  const bgpKind = second === 'E' ? 'external' : second === 'I' ? 'internal' : undefined;
  const table: Record<string, RouteProtocol> = {
    C: 'connected',
    S: 'static',
    K: 'kernel',
    B: 'bgp',
    O: 'ospf',
    O3: 'ospf',
    I: 'isis',
    R: 'rip',
    A: 'aggregate',
    L: 'local',
    DH: 'static',
    NG: 'static',
  };
  const protocol = table[first ?? ''];
  if (!protocol) return undefined;
  return { protocol, ...(protocol === 'bgp' && bgpKind ? { bgpKind } : {}) };
}

/** EOS's `routeType` in `show ip route | json`: `connected`, `static`, `eBGP`, `iBGP`, `ospfIntraArea`, ... */
export function originOfRouteType(routeType: string): Origin & { code: string } {
  if (routeType === 'eBGP') return { protocol: 'bgp', bgpKind: 'external', code: 'B E' };
  if (routeType === 'iBGP') return { protocol: 'bgp', bgpKind: 'internal', code: 'B I' };
  if (/^bgp/i.test(routeType)) return { protocol: 'bgp', code: 'B' };
  if (routeType === 'connected') return { protocol: 'connected', code: 'C' };
  if (routeType === 'static') return { protocol: 'static', code: 'S' };
  if (routeType === 'kernel') return { protocol: 'kernel', code: 'K' };
  if (/^ospf/i.test(routeType)) return { protocol: 'ospf', code: 'O' };
  if (/^isis/i.test(routeType)) return { protocol: 'isis', code: 'I' };
  if (/aggregate/i.test(routeType)) return { protocol: 'aggregate', code: 'A' };
  return { protocol: 'other', code: routeType };
}

/** FRR's `protocol` in `show ip route json`: `connected`, `static`, `kernel`, `bgp`, `ospf`, `isis`, `local`, ... */
export function originOfFrrProtocol(protocol: string): Origin & { code: string } {
  const table: Record<string, [RouteProtocol, string]> = {
    connected: ['connected', 'C'],
    static: ['static', 'S'],
    kernel: ['kernel', 'K'],
    bgp: ['bgp', 'B'],
    ospf: ['ospf', 'O'],
    ospf6: ['ospf', 'O'],
    isis: ['isis', 'I'],
    rip: ['rip', 'R'],
    ripng: ['rip', 'R'],
    local: ['local', 'L'],
  };
  const [p, code] = table[protocol] ?? ['other', protocol];
  return { protocol: p, code };
}
