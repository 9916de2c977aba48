/** `ip -j addr|link|route|route get` (iproute2's JSON) into the network model. */
import { z } from 'zod';
import { LabgateError } from '../floor/errors.ts';
import type { Interface, Link, Route, RouteLookup } from './model.ts';
import { routeCidr } from './routeCidr.ts';

const addrInfo = z.object({
  family: z.string(),
  local: z.string(),
  prefixlen: z.number().int(),
  scope: z.string().optional(),
});

const linkEntry = z.object({
  ifindex: z.number().int(),
  ifname: z.string(),
  link_index: z.number().int().optional(),
  link_netnsid: z.number().int().optional(),
  // `link` names a lower device (`"link": "eth0"` for a VLAN, `null` for @NONE)
  link: z.string().nullable().optional(),
  flags: z.array(z.string()).default([]),
  mtu: z.number().int(),
  operstate: z.string().optional(),
  link_type: z.string().optional(),
  address: z.string().optional(),
  linkinfo: z.object({ info_kind: z.string().optional() }).optional(),
  addr_info: z.array(z.unknown()).optional(),
});

const routeEntry = z.object({
  type: z.string().optional(),
  dst: z.string(),
  gateway: z.string().optional(),
  dev: z.string().optional(),
  scope: z.string().optional(),
  protocol: z.string().optional(),
  prefsrc: z.string().optional(),
  metric: z.number().optional(),
  flags: z.array(z.string()).default([]),
});

const routeGetEntry = z.object({
  type: z.string().optional(),
  dst: z.string(),
  gateway: z.string().optional(),
  dev: z.string().optional(),
  prefsrc: z.string().optional(),
  uid: z.number().int().optional(),
});

function parseJson<T extends z.ZodType>(text: string, schema: T, what: string): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new LabgateError(
      `the output of \`${what}\` is not JSON (${(err as Error).message})`,
      'iproute2 prints JSON with -j since 4.13; check which `ip` the pod or node has',
    );
  }
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new LabgateError(
      `the output of \`${what}\` does not have the shape iproute2 prints: ` +
        `${z.prettifyError(r.error).split('\n').join(' ')}`,
    );
  return r.data;
}

function toLink(e: z.infer<typeof linkEntry>): Link {
  return {
    ifindex: e.ifindex,
    ifname: e.ifname,
    peerIfindex: e.link_index,
    peerNetnsId: e.link_netnsid,
    parent: e.link === null ? 'NONE' : e.link,
    flags: e.flags,
    mtu: e.mtu,
    operstate: e.operstate,
    linkType: e.link_type,
    mac: e.address,
    kind: e.linkinfo?.info_kind,
  };
}

export function parseIpLinkJson(text: string): Link[] {
  return parseJson(text, z.array(linkEntry), 'ip -j link').map(toLink);
}

/** Addresses of families other than inet/inet6 (none today) are left out. */
export function parseIpAddrJson(text: string): Interface[] {
  return parseJson(text, z.array(linkEntry), 'ip -j addr').map((e) => ({
    ...toLink(e),
    addresses: (e.addr_info ?? []).flatMap((a) => {
      const parsed = addrInfo.safeParse(a);
      if (!parsed.success || (parsed.data.family !== 'inet' && parsed.data.family !== 'inet6')) return [];
      const { family, local, prefixlen, scope } = parsed.data;
      return [{ family: family as 'inet' | 'inet6', local, prefixlen, scope }];
    }),
  }));
}

export function parseIpRouteJson(text: string): Route[] {
  return parseJson(text, z.array(routeEntry), 'ip -j route').map((e) => ({
    dst: e.dst,
    cidr: routeCidr(e.dst, e.gateway ?? e.prefsrc),
    type: e.type ?? 'unicast',
    gateway: e.gateway,
    dev: e.dev,
    scope: e.scope,
    protocol: e.protocol,
    prefsrc: e.prefsrc,
    metric: e.metric,
    flags: e.flags,
  }));
}

export function parseIpRouteGetJson(text: string): RouteLookup {
  const entries = parseJson(text, z.array(routeGetEntry).min(1), 'ip -j route get');
  const e = entries[0]!;
  return { dst: e.dst, type: e.type ?? 'unicast', gateway: e.gateway, dev: e.dev, prefsrc: e.prefsrc, uid: e.uid };
}
