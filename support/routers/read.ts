/**
 * The one adapter: given what the operator typed (`show ip route`, `show ip route | json`, vtysh's
 * `show ip route json`) and what the router printed, the reader for that command and format, into one model.
 */
import { LabgateError } from '../floor/errors.ts';
import { type RecognisedCommand, recogniseCommand } from './commands.ts';
import { readArp } from './eos/arp.ts';
import { readBgpConfig } from './eos/bgpConfig.ts';
import { readBgpSummary } from './eos/bgpSummary.ts';
import { readInterfacesDetail } from './eos/interfacesDetail.ts';
import { readInterfacesStatus } from './eos/interfacesStatus.ts';
import { readIpInterfaceBrief } from './eos/ipInterfaceBrief.ts';
import { readIpRoute } from './eos/ipRoute.ts';
import { eosJsonReaders } from './eos/json.ts';
import { readMacTable } from './eos/macTable.ts';
import { frrJsonReaders } from './frr/json.ts';
import type { RouterState } from './model.ts';

type Reader = (text: string, command: string) => RouterState;

const eosTextReaders: Record<string, Reader> = {
  'show interfaces status': readInterfacesStatus,
  'show ip interface brief': (t) => readIpInterfaceBrief(t, 'ipv4'),
  'show ipv6 interface brief': (t) => readIpInterfaceBrief(t, 'ipv6'),
  'show ip route': (t) => readIpRoute(t, 'ipv4'),
  'show ipv6 route': (t) => readIpRoute(t, 'ipv6'),
  'show mac address-table': readMacTable,
  'show arp': readArp,
  'show ip bgp summary': readBgpSummary,
  'show running-config section bgp': (t) => readBgpConfig(t),
  'show interfaces': readInterfacesDetail,
};

const READERS: Record<RecognisedCommand['format'], Record<string, Reader>> = {
  eos: eosTextReaders,
  'eos-json': eosJsonReaders,
  'frr-json': frrJsonReaders,
};

/** Reads `output` as the output of `typed`; a LabgateError naming the command and the line it could not read. */
export function readRouterOutput(typed: string, output: string): RouterState {
  const recognised = recogniseCommand(typed);
  const reader = READERS[recognised.format][recognised.command.name];
  if (!reader) throw new LabgateError(`labgate has no ${recognised.format} reader for "${recognised.command.name}"`);
  if (output.trim() === '') {
    throw new LabgateError(`cannot read "${recognised.command.name}" (${recognised.format}): the output is empty`);
  }
  return reader(output, recognised.command.name);
}
