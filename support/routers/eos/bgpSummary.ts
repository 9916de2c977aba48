/**
 * `show ip bgp summary`: the router id, the local AS, and each neighbour's AS, state and prefixes. A neighbour's
 * row is read from its address on (the description before it is cut at 24 characters by EOS, quote and all); the
 * prefix counts are absent on a row whose session is not established, and on a row a lab cut short.
 */
import { familyOf, isIPv4 } from '../../floor/address.ts';
import type { BgpNeighbor, RouterState } from '../model.ts';
import { emptyState } from '../model.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { outputLines } from './lines.ts';

const COMMAND = 'show ip bgp summary';
// description, neighbour, version 4, AS, MsgRcvd MsgSent InQ OutQ, Up/Down, State, then PfxRcd PfxAcc if shown
const ROW = new RegExp(
  [
    String.raw`^\s*(.*?)\s*(\d+\.\d+\.\d+\.\d+|[0-9a-fA-F]*:[0-9a-fA-F:.]*)\s+4\s+(\S+)`,
    String.raw`\s+\d+\s+\d+\s+\d+\s+\d+\s+(\S+)\s+(\S+)(?:\s+(\d+)\s+(\d+))?\s*$`,
  ].join(''),
);
const STATES: Record<string, string> = { Estab: 'Established', Established: 'Established' };

export function readBgpSummary(text: string): RouterState {
  const lines = outputLines(text);
  const state = emptyState(COMMAND, 'eos');
  let vrf: string | undefined;
  let id: { routerId: string; localAs: string } | undefined;
  let header = false;
  const neighbors: BgpNeighbor[] = [];
  for (const l of lines) {
    const t = l.text;
    let m: RegExpExecArray | null;
    if ((m = /^BGP summary information for VRF (\S+)$/.exec(t.trim()))) vrf = m[1]!;
    else if ((m = /^Router identifier (\S+), local AS number (\S+)$/.exec(t.trim())))
      id = { routerId: m[1]!, localAs: m[2]! };
    else if (/^Neighbor Status Codes:/.test(t.trim())) continue;
    else if (/^\s*(Description\s+)?Neighbor\s+V\s+AS\s+MsgRcvd/.test(t)) header = true;
    else if (header && (m = ROW.exec(t)) && (isIPv4(m[2]!) || familyOf(m[2]!) === 'ipv6')) {
      const s = m[5]!;
      neighbors.push({
        address: m[2]!,
        remoteAs: m[3]!,
        state: STATES[s] ?? s,
        established: s in STATES,
        ...(m[6] !== undefined ? { prefixesReceived: Number(m[6]), prefixesAccepted: Number(m[7]) } : {}),
        ...(m[1] ? { description: m[1].replace(/^"/, '').replace(/"$/, '') } : {}),
        upDown: m[4]!,
      });
    } else
      throw unreadable(
        COMMAND,
        'eos',
        l.no,
        t,
        header ? 'is not a neighbour row' : 'is not a line of the summary header',
      );
  }
  if (!id) throw unreadableWhole(COMMAND, 'eos', 'no "Router identifier ..., local AS number ..." line');
  return { ...state, bgp: { vrf: vrf ?? 'default', ...id, neighbors } };
}
