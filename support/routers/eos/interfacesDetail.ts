/**
 * `show interfaces [ethernet N[-M]]`: one block per interface, from `Ethernet4 is up, line protocol is up
 * (connected)`: its description, MAC, address, MTU and port-channel. The counters' lines are read past.
 */
import type { RouterInterface, RouterState } from '../model.ts';
import { emptyState } from '../model.ts';
import { fullInterfaceName, normalMac } from '../names.ts';
import { unreadable, unreadableWhole } from '../unreadable.ts';
import { outputLines } from './lines.ts';

const COMMAND = 'show interfaces';
const HEAD = /^(\S+) is (up|down|administratively down|admin down), line protocol is (\S+)(?: \((\S+)\))?$/;

export function readInterfacesDetail(text: string): RouterState {
  const interfaces: RouterInterface[] = [];
  for (const l of outputLines(text)) {
    const t = l.text;
    const head = HEAD.exec(t);
    if (head) {
      interfaces.push({
        name: fullInterfaceName(head[1]!),
        status: head[4] ?? head[2]!,
        protocol: head[3]!,
        addresses: [],
      });
      continue;
    }
    const current = interfaces.at(-1);
    if (!current || !/^\s/.test(t)) {
      throw unreadable(
        COMMAND,
        'eos',
        l.no,
        t,
        'is neither "NAME is up|down, line protocol is ..." nor a line under one',
      );
    }
    const s = t.trim();
    let m: RegExpExecArray | null;
    if ((m = /^Description: (.*)$/.exec(s))) current.description = m[1]!;
    else if ((m = /^Hardware is \S+, address is (\S+)/.exec(s))) current.mac = normalMac(m[1]!) ?? m[1]!;
    else if ((m = /^Internet address is (\S+\/\d+)/.exec(s))) current.addresses.push(m[1]!);
    else if ((m = /^Secondary address is (\S+\/\d+)/.exec(s))) current.addresses.push(m[1]!);
    else if ((m = /^IP MTU (\d+) bytes/.exec(s)) || (m = /^(?:Ethernet )?MTU (\d+) bytes/.exec(s)))
      current.mtu ??= Number(m[1]);
    else if ((m = /^Belongs to (\S+)$/.exec(s))) current.memberOf = fullInterfaceName(m[1]!);
    else if ((m = /^(Full|Half)-duplex, (\S+?),/.exec(s))) {
      current.duplex = m[1]!.toLowerCase();
      current.speed = m[2]!;
    }
  }
  if (interfaces.length === 0) throw unreadableWhole(COMMAND, 'eos', 'no "NAME is up, line protocol is up" line');
  return { ...emptyState(COMMAND, 'eos'), interfaces };
}
