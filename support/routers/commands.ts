/**
 * Which router command an operator typed, as EOS and vtysh accept it: words may be cut short (`show int status`,
 * `show ip int br`), `| json` asks EOS for JSON, `| section bgp` (`| s bgp`) cuts the configuration, a trailing
 * `json` is vtysh's (FRR) JSON. Arguments after the command (`vlan 20`, `ethernet 4-6`) narrow what it shows and
 * do not change how it reads.
 */
import { LabgateError } from '../floor/errors.ts';
import type { RouterFormat } from './model.ts';

export interface KnownCommand {
  /** the command in full: the key of the readers */
  name: string;
  formats: RouterFormat[];
  /** the arguments it takes after its words (`vlan N`), or none */
  takesArguments: boolean;
}

export const KNOWN_COMMANDS: KnownCommand[] = [
  { name: 'show interfaces status', formats: ['eos', 'eos-json'], takesArguments: false },
  { name: 'show ip interface brief', formats: ['eos', 'eos-json'], takesArguments: false },
  { name: 'show ipv6 interface brief', formats: ['eos', 'eos-json'], takesArguments: false },
  { name: 'show ip route', formats: ['eos', 'eos-json', 'frr-json'], takesArguments: true },
  { name: 'show ipv6 route', formats: ['eos', 'eos-json', 'frr-json'], takesArguments: true },
  { name: 'show mac address-table', formats: ['eos', 'eos-json'], takesArguments: true },
  { name: 'show arp', formats: ['eos', 'eos-json'], takesArguments: true },
  { name: 'show ip bgp summary', formats: ['eos', 'eos-json', 'frr-json'], takesArguments: false },
  { name: 'show bgp summary', formats: ['frr-json'], takesArguments: false },
  { name: 'show running-config section bgp', formats: ['eos', 'eos-json'], takesArguments: false },
  { name: 'show interfaces', formats: ['eos', 'eos-json'], takesArguments: true },
  { name: 'show interface', formats: ['frr-json'], takesArguments: true },
];

export interface RecognisedCommand {
  command: KnownCommand;
  format: RouterFormat;
  /** as the operator typed it */
  typed: string;
}

/** `show interface status` matches `show interfaces status`: each typed word starts its command word. */
function matches(typed: string[], words: string[], takesArguments: boolean): boolean {
  if (typed.length < words.length || (!takesArguments && typed.length > words.length)) return false;
  return words.every((w, i) => w.startsWith(typed[i]!.toLowerCase()) && (typed[i]!.length >= 2 || w.length === 1));
}

function unknown(typed: string): LabgateError {
  return new LabgateError(
    `labgate does not read the router command "${typed}"`,
    `it reads ${KNOWN_COMMANDS.map((c) => `"${c.name.replace(' section bgp', ' | section bgp')}"`).join(', ')}`,
  );
}

export function recogniseCommand(typed: string): RecognisedCommand {
  const cleaned = typed
    .trim()
    .replace(/^(?:[\w.-]+[#>]\s*)/, '') // a prompt: `ceos#show ip route`
    .replace(/^(?:docker exec (?:-\w+ )*\S+ )?(?:Cli -c|vtysh -c)\s*/, '')
    .replace(/^["']|["']$/g, '')
    .trim();
  const [head, ...pipes] = cleaned.split('|').map((p) => p.trim());
  let format: RouterFormat = 'eos';
  let words = (head ?? '').split(/\s+/).filter(Boolean);
  for (const pipe of pipes) {
    if (/^json$/i.test(pipe)) format = 'eos-json';
    else if (/^(?:s|se|sec|sect|secti|sectio|section)\s+bgp$/i.test(pipe)) words = [...words, 'section', 'bgp'];
    else throw unknown(typed);
  }
  if (format === 'eos' && words.at(-1)?.toLowerCase() === 'json') {
    format = 'frr-json';
    words = words.slice(0, -1);
  }
  // the longest command first: `show interfaces status` before `show interfaces ethernet 4`
  const candidates = [...KNOWN_COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const found = candidates.find(
    (c) => c.formats.includes(format) && matches(words, c.name.split(' '), c.takesArguments),
  );
  if (!found) throw unknown(typed);
  return { command: found, format, typed: typed.trim() };
}
