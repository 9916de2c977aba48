/** Reads and edits one node's kube-proxy nat rules for a Service port, the way an operator would with iptables. */
import { LabgateError, tokenize } from '../shared.ts';
import { onNode } from './context.ts';

export interface NatRuleLine {
  /** 1-based rule number inside its chain, as `iptables -R/-D CHAIN n` counts */
  number: number;
  tokens: string[]; // the rule as `iptables -S` prints it, split: -A CHAIN ...
}

export interface ServiceRules {
  node: string;
  portName: string; // namespace/service:port, as kube-proxy's comments name it
  servicesJump: NatRuleLine; // the KUBE-SERVICES rule that sends the VIP to the Service chain
  serviceChain: string;
  /** the Service chain's endpoint rules, in order, with the KUBE-SEP chain each jumps to */
  endpointRules: (NatRuleLine & { sepChain: string })[];
}

export async function chainRules(node: string, chain: string): Promise<NatRuleLine[]> {
  const r = await onNode(node, ['iptables', '-t', 'nat', '-S', chain]);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('-A '))
    .map((l, i) => {
      const tokens = tokenize(l);
      if (!tokens) throw new LabgateError(`cannot read the rule "${l}" on ${node}`);
      return { number: i + 1, tokens };
    });
}

function optionValue(tokens: string[], option: string): string | undefined {
  const i = tokens.indexOf(option);
  return i >= 0 ? tokens[i + 1] : undefined;
}

export function target(rule: NatRuleLine): string | undefined {
  return optionValue(rule.tokens, '-j');
}

export function comment(rule: NatRuleLine): string | undefined {
  return optionValue(rule.tokens, '--comment');
}

/** Finds the Service port's rules on `node` from what is installed there (nothing is assumed about hashes). */
export async function serviceRules(node: string, portName: string): Promise<ServiceRules> {
  const services = await chainRules(node, 'KUBE-SERVICES');
  const servicesJump = services.find((r) => comment(r) === `${portName} cluster IP`);
  if (!servicesJump) {
    throw new LabgateError(
      `${node} has no KUBE-SERVICES rule for ${portName}`,
      'is the twin healthy? run `labgate twin fault --reset`',
    );
  }
  const serviceChain = target(servicesJump)!;
  const endpointRules = (await chainRules(node, serviceChain))
    .filter((r) => target(r)?.startsWith('KUBE-SEP-'))
    .map((r) => ({ ...r, sepChain: target(r)! }));
  return { node, portName, servicesJump, serviceChain, endpointRules };
}

/** `iptables -t nat -R CHAIN n <spec>` with the rule's own tokens after -A CHAIN, changed by `edit`. */
export async function replaceRule(node: string, rule: NatRuleLine, edit: (spec: string[]) => string[]): Promise<void> {
  const [, chain, ...spec] = rule.tokens;
  await onNode(node, ['iptables', '-t', 'nat', '-R', chain!, String(rule.number), ...edit(spec)]);
}

export async function deleteRule(node: string, rule: NatRuleLine): Promise<void> {
  await onNode(node, ['iptables', '-t', 'nat', '-D', rule.tokens[1]!, String(rule.number)]);
}

export async function deleteChain(node: string, chain: string): Promise<void> {
  await onNode(node, ['iptables', '-t', 'nat', '-F', chain]);
  await onNode(node, ['iptables', '-t', 'nat', '-X', chain]);
}

/** The spec with the value after `option` replaced. */
export function withOption(spec: string[], option: string, value: string): string[] {
  const i = spec.indexOf(option);
  if (i < 0) throw new LabgateError(`the rule has no ${option}: ${spec.join(' ')}`);
  return [...spec.slice(0, i + 1), value, ...spec.slice(i + 2)];
}
