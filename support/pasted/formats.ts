/**
 * Every kind of pasted output labgate reads, by name: the routers' show commands (EOS text and JSON, FRR JSON) and
 * what the other concepts already parse (dig, `ip`, ping, tcpdump, kubectl and calicoctl tables, resolv.conf,
 * Corefile). `labgate read` prints what one of them makes of a text: what the gate will see.
 */
import { LabgateError } from '../floor/errors.ts';
import { parseCorefile } from '../dns/corefile.ts';
import { parseDig, parseDigShort } from '../dns/dig.ts';
import { parseResolvConf } from '../dns/resolvConf.ts';
import { readShownTable } from '../course/kubectlTables.ts';
import { parseIpamShow } from '../ipam/calicoctlTable.ts';
import {
  parseIpAddrJson,
  parseIpAddrText,
  parseIpLinkJson,
  parseIpRouteGetJson,
  parseIpRouteGetText,
  parseIpRouteJson,
  parseIpRouteText,
  parsePing,
  parseTcpdump,
} from '../podnet/index.ts';
import { KNOWN_COMMANDS, type RouterFormat, readRouterOutput, recogniseCommand } from '../routers/index.ts';

export interface PastedFormat {
  name: string;
  /** what it reads, in a few words */
  reads: string;
  read(text: string): unknown;
}

function nothingRead(format: string, what: string): LabgateError {
  return new LabgateError(`cannot read it as ${format}: ${what}`, 'labgate read --list names the formats it reads');
}

/** A parser that lists the lines it could not read: its first problem is the error. */
function strict<T>(format: string, parsed: { value: T; problems: string[] }, empty: (v: T) => boolean, what: string) {
  if (parsed.problems.length) throw nothingRead(format, parsed.problems[0]!);
  if (empty(parsed.value)) throw nothingRead(format, `no ${what} in it`);
  return parsed.value;
}

const ROUTER_FORMAT_WORDS: Record<RouterFormat, string> = { eos: 'eos', 'eos-json': 'eos', 'frr-json': 'frr' };

/** `show running-config section bgp` -> `bgp-config`, `show ip route` -> `ip-route` */
function routerFormatName(command: string, format: RouterFormat): string {
  const words = command === 'show running-config section bgp' ? 'bgp-config' : command.replace(/^show /, '');
  const base = `${ROUTER_FORMAT_WORDS[format]}-${words.replace(/\s+/g, '-')}`;
  return format === 'eos' ? base : `${base}-json`;
}

function routerTyped(command: string, format: RouterFormat): string {
  const typed = command.replace(' section bgp', ' | section bgp');
  return format === 'eos' ? typed : format === 'eos-json' ? `${typed} | json` : `${typed} json`;
}

const routerFormats: PastedFormat[] = KNOWN_COMMANDS.flatMap((c) =>
  c.formats.map((f) => ({
    name: routerFormatName(c.name, f),
    reads: `${f === 'frr-json' ? 'FRR vtysh' : 'Arista EOS'} \`${routerTyped(c.name, f)}\``,
    read: (text: string) => readRouterOutput(routerTyped(c.name, f), text),
  })),
);

const otherFormats: PastedFormat[] = [
  {
    name: 'dig',
    reads: '`dig NAME` (full output: header, sections, failures)',
    read: (t) => {
      const out = parseDig(t);
      if (out.replies.length === 0 && out.failure === null) throw nothingRead('dig', 'no reply and no failure in it');
      return out;
    },
  },
  {
    name: 'dig-short',
    reads: '`dig +short NAME`',
    read: (t) => {
      const out = parseDigShort(t);
      if (JSON.stringify(out) === JSON.stringify(parseDigShort(''))) throw nothingRead('dig-short', 'no answer in it');
      return out;
    },
  },
  {
    name: 'ip-addr',
    reads: '`ip addr` (text)',
    read: (t) => strict('ip-addr', parseIpAddrText(t), (v) => v.length === 0, 'interface'),
  },
  { name: 'ip-addr-json', reads: '`ip -j addr`', read: (t) => parseIpAddrJson(t) },
  { name: 'ip-link-json', reads: '`ip -j link`', read: (t) => parseIpLinkJson(t) },
  {
    name: 'ip-route',
    reads: '`ip route` (text)',
    read: (t) => strict('ip-route', parseIpRouteText(t), (v) => v.length === 0, 'route'),
  },
  { name: 'ip-route-json', reads: '`ip -j route`', read: (t) => parseIpRouteJson(t) },
  {
    name: 'ip-route-get',
    reads: '`ip route get ADDR` (text)',
    read: (t) => strict('ip-route-get', parseIpRouteGetText(t), (v) => v === undefined, 'route'),
  },
  { name: 'ip-route-get-json', reads: '`ip -j route get ADDR`', read: (t) => parseIpRouteGetJson(t) },
  {
    name: 'ping',
    reads: '`ping -c N ADDR` (iputils or busybox)',
    read: (t) => strict('ping', parsePing(t), (v) => !v.target && !v.summary && v.replies.length === 0, 'ping line'),
  },
  {
    name: 'tcpdump',
    reads: '`tcpdump -n` lines',
    read: (t) =>
      strict('tcpdump', parseTcpdump(t), (v) => v.packets.length === 0 && v.captured === undefined, 'packet'),
  },
  {
    name: 'kubectl-table',
    reads: '`kubectl get ...` (a table with NAME first)',
    read: (t) => {
      const table = readShownTable(t, 1);
      if (!table) throw nothingRead('kubectl-table', 'no header line of upper-case column names (NAME first)');
      return table;
    },
  },
  {
    name: 'calicoctl-ipam',
    reads: '`calicoctl ipam show [--show-blocks]`',
    read: (t) => {
      const rows = parseIpamShow(t);
      if (rows.length === 0) throw nothingRead('calicoctl-ipam', 'no "| GROUPING | CIDR | ..." row in it');
      return rows;
    },
  },
  {
    name: 'resolv-conf',
    reads: '/etc/resolv.conf',
    read: (t) => {
      const conf = parseResolvConf(t);
      if (!conf.nameservers.length && !conf.search.length && !Object.keys(conf.options).length) {
        throw nothingRead('resolv-conf', 'no nameserver, search or options line in it');
      }
      return conf;
    },
  },
  { name: 'corefile', reads: "CoreDNS's Corefile", read: (t) => parseCorefile(t) },
];

/**
 * A block copied from a lab text with its markdown fence lines (```` ``` ````, ```` ```bash ````), or one of them:
 * the fences are read as blank lines, so the output's line numbers stay those of the pasted text.
 */
export function withoutFences(text: string): string {
  const lines = text.split('\n');
  const filled = lines.flatMap((l, i) => (l.trim() === '' ? [] : [i]));
  const first = filled[0];
  const last = filled.at(-1);
  if (first !== undefined && /^\s*```[\w-]*\s*$/.test(lines[first]!)) lines[first] = '';
  if (last !== undefined && last !== first && /^\s*```\s*$/.test(lines[last]!)) lines[last] = '';
  return lines.join('\n');
}

export const PASTED_FORMATS: PastedFormat[] = [...routerFormats, ...otherFormats].map((f) => ({
  ...f,
  read: (text: string) => f.read(withoutFences(text)),
}));

/** The format by its name, or a router command as typed (`"show ip route | json"`); else a one-line error. */
export function pastedFormat(name: string): PastedFormat {
  const named = PASTED_FORMATS.find((f) => f.name === name);
  if (named) return named;
  if (/^\s*show\s/.test(name)) {
    const r = recogniseCommand(name);
    return PASTED_FORMATS.find((f) => f.name === routerFormatName(r.command.name, r.format))!;
  }
  throw new LabgateError(`unknown format "${name}"`, 'labgate read --list names the formats it reads');
}
