/**
 * The twin ToR's `Cli`: answers the EOS commands the labs give (`Cli -c "show ip route"`, `| json`, or lines on
 * stdin), reading the kernel at every command, and applies the configuration commands the labs give
 * (`configure`, `interface VlanN`, `mtu N`) to the kernel and to the configuration it keeps in
 * /mnt/flash/labgate-eos.json. Bundled into one file at `twin up` and run by node inside the ToR's container.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { applyInterfaceLine, type EosConfig, eosInterfaceName, interfaceOf, renderRunningConfig } from './config.ts';
import { type KernelState, kernelName } from './kernel.ts';
import * as render from './render.ts';

export const CONFIG_FILE = '/mnt/flash/labgate-eos.json';

function ipJson<T>(args: string[], tool = 'ip'): T {
  return JSON.parse(execFileSync(tool, ['-j', ...args], { encoding: 'utf8' }) || '[]') as T;
}

export function readKernel(): KernelState {
  return {
    links: ipJson(['link', 'show']),
    addrs: ipJson(['-4', 'addr', 'show']),
    routes: ipJson(['-4', 'route', 'show', 'table', 'main']),
    neighbours: ipJson(['-4', 'neigh', 'show']),
    fdb: ipJson(['-s', 'fdb', 'show'], 'bridge'),
  };
}

type Shown = { text: () => string; json: () => unknown };

/** A command's words, each matching a prefix of the command's own (EOS accepts `sh ip int br`). */
function matches(words: string[], pattern: string[]): boolean {
  return words.length === pattern.length && pattern.every((p, i) => p.startsWith(words[i]!.toLowerCase()));
}

export function showCommand(words: string[], k: () => KernelState, config: EosConfig): Shown | undefined {
  if (matches(words, ['show', 'interfaces', 'status']))
    return { text: () => render.interfacesStatusText(k(), config), json: () => render.interfacesStatus(k(), config) };
  if (matches(words, ['show', 'ip', 'interface', 'brief']))
    return { text: () => render.ipInterfaceBriefText(k()), json: () => render.ipInterfaceBrief(k()) };
  if (matches(words, ['show', 'ip', 'route']))
    return { text: () => render.ipRouteText(k()), json: () => render.ipRoute(k()) };
  if (matches(words, ['show', 'arp'])) return { text: () => render.arpText(k()), json: () => render.arp(k()) };
  const mac = words.slice(0, 3);
  if (matches(mac, ['show', 'mac', 'address-table'])) {
    const rest = words.slice(3);
    const vlan = rest.length === 2 && 'vlan'.startsWith(rest[0]!) ? Number(rest[1]) : undefined;
    if (rest.length === 0 || (vlan !== undefined && Number.isInteger(vlan)))
      return { text: () => render.macAddressTableText(k(), vlan), json: () => render.macAddressTable(k(), vlan) };
  }
  if (matches(words, ['show', 'running-config']))
    return { text: () => renderRunningConfig(config), json: () => ({ cmds: config }) };
  return undefined;
}

class Session {
  mode: 'exec' | 'config' | 'interface' = 'exec';
  iface: string | undefined;
  out: string[] = [];
  failed = false;

  constructor(
    readonly config: EosConfig,
    readonly kernel: () => KernelState,
    readonly save: (c: EosConfig) => void,
  ) {}

  error(message: string): void {
    this.out.push(`% ${message}\n`);
    this.failed = true;
  }

  run(line: string): void {
    const [command, pipe] = line.split('|').map((s) => s.trim());
    const words = (command ?? '').split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const first = words[0]!.toLowerCase();
    if (['enable', 'en', 'disable', 'terminal'].includes(first) || first === 'write' || first === 'copy') return;
    if (first === 'end') {
      this.mode = 'exec';
      return;
    }
    if (first === 'exit') {
      this.mode = this.mode === 'interface' ? 'config' : 'exec';
      return;
    }
    if ('configure'.startsWith(first) && first.length >= 4) {
      this.mode = 'config';
      return;
    }
    if (first === 'ping') {
      this.ping(words.slice(1));
      return;
    }
    if (this.mode !== 'exec' && first === 'interface') {
      this.enterInterface(words.slice(1).join(''));
      return;
    }
    if (this.mode === 'interface') {
      this.interfaceLine(words.join(' '));
      return;
    }
    if (first.startsWith('sh')) {
      const shown = showCommand(words, this.kernel, this.config);
      if (!shown) {
        this.error('Invalid input');
        return;
      }
      if (pipe === 'json') this.out.push(`${JSON.stringify(shown.json(), null, 2)}\n`);
      else if (pipe === undefined) this.out.push(shown.text());
      else {
        this.error(`Invalid input (the twin's Cli does not filter output through "${pipe}")`);
        return;
      }
      return;
    }
    this.error('Invalid input');
  }

  enterInterface(raw: string): void {
    try {
      this.iface = eosInterfaceName(raw);
      interfaceOf(this.config, this.iface);
      this.mode = 'interface';
    } catch (err) {
      this.error((err as Error).message);
    }
  }

  interfaceLine(line: string): void {
    const iface = interfaceOf(this.config, this.iface!);
    const mtu = /^mtu\s+(\d+)$/.exec(line);
    if (mtu || line === 'no mtu') {
      const value = mtu ? Number(mtu[1]) : 1500;
      const r = spawnSync('ip', ['link', 'set', kernelName(iface.name), 'mtu', String(value)], { encoding: 'utf8' });
      if (r.status !== 0) {
        this.error(`mtu ${value} refused: ${r.stderr.trim()}`);
        return;
      }
    } else if (line !== 'description' && !line.startsWith('description ')) {
      this.error(`the twin's Cli does not apply "${line}" (it applies mtu and description)`);
      return;
    }
    applyInterfaceLine(iface, line);
    this.save(this.config);
  }

  ping(args: string[]): void {
    const target = args.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
    if (!target) {
      this.error('Incomplete command');
      return;
    }
    const linux = ['-c', '5', target];
    for (let i = 0; i < args.length - 1; i++) {
      if (args[i] === 'repeat') linux.splice(1, 1, args[i + 1]!);
      if (args[i] === 'size') linux.unshift('-s', String(Number(args[i + 1]) - 28));
      if (args[i] === 'source')
        linux.unshift('-I', /^\d/.test(args[i + 1]!) ? args[i + 1]! : kernelName(eosInterfaceName(args[i + 1]!)));
      if (args[i] === 'df-bit') linux.unshift('-M', 'do');
    }
    const r = spawnSync('ping', linux, { encoding: 'utf8' });
    this.out.push(r.stdout + r.stderr);
    if (r.status !== 0) this.failed = true;
  }
}

export function main(argv: string[]): number {
  const config = JSON.parse(readFileSync(CONFIG_FILE, 'utf8')) as EosConfig;
  const session = new Session(config, readKernel, (c) => writeFileSync(CONFIG_FILE, JSON.stringify(c, null, 2)));
  const c = argv.indexOf('-c');
  const text = c >= 0 ? (argv[c + 1] ?? '') : readFileSync(0, 'utf8');
  for (const line of text.split('\n')) session.run(line);
  process.stdout.write(session.out.join(''));
  return session.failed ? 1 : 0;
}

if (process.argv[1]?.endsWith('Cli.mjs')) process.exitCode = main(process.argv.slice(2));
