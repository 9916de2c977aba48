/** Faults in kube-proxy's nat rules for nginx-service port http, each on one node, made with iptables itself. */
import { LabgateError } from '../shared.ts';
import { firstWorker, type FaultContext } from './context.ts';
import {
  chainRules,
  deleteChain,
  deleteRule,
  portNameOf,
  replaceRule,
  serviceRules,
  target,
  withOption,
  type ServiceRules,
} from './natRules.ts';

const WRONG_PORT = '8080';
const WRONG_PROBABILITY = '0.9';

async function nginxRules(ctx: FaultContext, node = firstWorker(ctx.plan).name): Promise<ServiceRules> {
  const rules = await serviceRules(node, portNameOf(ctx.plan, 'nginx-service', 'http'));
  if (rules.endpointRules.length < 2)
    throw new LabgateError(
      `nginx-service has ${rules.endpointRules.length} endpoint rule(s) on ${node}; the fault needs the healthy two`,
      'run `labgate twin fault --reset`',
    );
  return rules;
}

export async function deleteSepChain(ctx: FaultContext): Promise<string> {
  const rules = await nginxRules(ctx);
  const first = rules.endpointRules[0]!;
  await deleteRule(rules.node, first);
  await deleteChain(rules.node, first.sepChain);
  return `deleted ${first.sepChain} and its jump (rule ${first.number} of ${rules.serviceChain}) on ${rules.node}`;
}

export async function changeProbability(ctx: FaultContext): Promise<string> {
  const rules = await nginxRules(ctx);
  const first = rules.endpointRules[0]!;
  const before = first.tokens[first.tokens.indexOf('--probability') + 1];
  await replaceRule(rules.node, first, (spec) => withOption(spec, '--probability', WRONG_PROBABILITY));
  return `set the probability of rule ${first.number} of ${rules.serviceChain} (-> ${first.sepChain}) on ${rules.node} from ${before} to ${WRONG_PROBABILITY}`;
}

export async function removeServicesJump(ctx: FaultContext): Promise<string> {
  const rules = await nginxRules(ctx);
  await deleteRule(rules.node, rules.servicesJump);
  return `removed the KUBE-SERVICES rule ${rules.servicesJump.number} (-> ${rules.serviceChain}) for ${rules.portName} on ${rules.node}`;
}

export async function dnatWrongPort(ctx: FaultContext): Promise<string> {
  const rules = await nginxRules(ctx);
  const sep = rules.endpointRules[0]!.sepChain;
  const dnat = (await chainRules(rules.node, sep)).find((r) => target(r) === 'DNAT');
  if (!dnat) throw new LabgateError(`${sep} on ${rules.node} has no DNAT rule`);
  const to = dnat.tokens[dnat.tokens.indexOf('--to-destination') + 1] ?? '';
  const wrong = `${to.replace(/:\d+$/, '')}:${WRONG_PORT}`;
  await replaceRule(rules.node, dnat, (spec) => withOption(spec, '--to-destination', wrong));
  return `changed the DNAT of ${sep} on ${rules.node} from ${to} to ${wrong}`;
}
