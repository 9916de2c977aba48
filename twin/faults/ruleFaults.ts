/**
 * Faults in kube-proxy's nat rules for the target Service port, each on the target node, made with iptables itself;
 * and rules written for a Service that has no VIP.
 */
import { kubeProxyServiceChain, LabgateError, servicePortName } from '../shared.ts';
import { HEADLESS } from '../plan.ts';
import { onNode, type FaultContext } from './context.ts';
import {
  chainRules,
  deleteChain,
  deleteRule,
  replaceRule,
  serviceRules,
  target,
  withOption,
  type ServiceRules,
} from './natRules.ts';

const WRONG_PORT = '8080';
const WRONG_PROBABILITY = '0.9';

/** The target Service port's rules on the target node, as kube-proxy wrote them. */
function targetRules(ctx: FaultContext): Promise<ServiceRules> {
  const { service, port } = ctx.targets.servicePort();
  return serviceRules(ctx.targets.node().name, servicePortName(service.namespace, service.name, port.name));
}

/** The target's rules with the two endpoints a healthy twin has: the faults below break the first of them. */
async function twoEndpointRules(ctx: FaultContext): Promise<ServiceRules> {
  const rules = await targetRules(ctx);
  if (rules.endpointRules.length < 2) {
    throw new LabgateError(
      `${rules.portName} has ${rules.endpointRules.length} endpoint rule(s) on ${rules.node}; ` +
        'the fault needs the healthy two',
      'run `labgate twin fault --reset`',
    );
  }
  return rules;
}

export async function deleteSepChain(ctx: FaultContext): Promise<string> {
  const rules = await twoEndpointRules(ctx);
  const first = rules.endpointRules[0]!;
  await deleteRule(rules.node, first);
  await deleteChain(rules.node, first.sepChain);
  return `deleted ${first.sepChain} and its jump (rule ${first.number} of ${rules.serviceChain}) on ${rules.node}`;
}

export async function changeProbability(ctx: FaultContext): Promise<string> {
  const rules = await twoEndpointRules(ctx);
  const first = rules.endpointRules[0]!;
  const before = first.tokens[first.tokens.indexOf('--probability') + 1];
  await replaceRule(rules.node, first, (spec) => withOption(spec, '--probability', WRONG_PROBABILITY));
  return (
    `set the probability of rule ${first.number} of ${rules.serviceChain} (-> ${first.sepChain}) on ${rules.node} ` +
    `from ${before} to ${WRONG_PROBABILITY}`
  );
}

export async function removeServicesJump(ctx: FaultContext): Promise<string> {
  const rules = await targetRules(ctx);
  await deleteRule(rules.node, rules.servicesJump);
  return (
    `removed the KUBE-SERVICES rule ${rules.servicesJump.number} (-> ${rules.serviceChain}) for ${rules.portName} ` +
    `on ${rules.node}`
  );
}

export async function dnatWrongPort(ctx: FaultContext): Promise<string> {
  const rules = await twoEndpointRules(ctx);
  const sep = rules.endpointRules[0]!.sepChain;
  const dnat = (await chainRules(rules.node, sep)).find((r) => target(r) === 'DNAT');
  if (!dnat) throw new LabgateError(`${sep} on ${rules.node} has no DNAT rule`);
  const to = dnat.tokens[dnat.tokens.indexOf('--to-destination') + 1] ?? '';
  const wrong = `${to.replace(/:\d+$/, '')}:${WRONG_PORT}`;
  await replaceRule(rules.node, dnat, (spec) => withOption(spec, '--to-destination', wrong));
  return `changed the DNAT of ${sep} on ${rules.node} from ${to} to ${wrong}`;
}

/** On the target node, kube-proxy-shaped rules for the target Service's first port, as if the Service had a VIP. */
export async function rulesWithoutVip(ctx: FaultContext): Promise<string> {
  const svc = ctx.targets.service();
  const port = svc.ports[0];
  if (svc.clusterIP !== HEADLESS || !port) {
    throw new LabgateError(`${ctx.targets.where}.service: ${svc.name} is no Service without a VIP with a port`);
  }
  const name = servicePortName(svc.namespace, svc.name, port.name ?? '');
  const chain = kubeProxyServiceChain(name, port.protocol);
  // an address of the service range the twin never hands out as a VIP (it picks from the 11th on)
  const [base] = ctx.plan.serviceCidr.split('/');
  const vip = base!.replace(/\.\d+$/, '.9');
  const node = ctx.targets.node().name;
  const proto = port.protocol.toLowerCase();
  const match = ['-d', `${vip}/32`, '-p', proto, '-m', 'comment', '--comment', `${name} cluster IP`];
  await onNode(node, ['iptables', '-t', 'nat', '-N', chain]);
  await onNode(node, ['iptables', '-t', 'nat', '-A', chain, '-m', 'comment', '--comment', name, '-j', 'RETURN']);
  await onNode(node, [
    'iptables',
    '-t',
    'nat',
    '-I',
    'KUBE-SERVICES',
    '1',
    ...match,
    '-m',
    proto,
    '--dport',
    String(port.port),
    '-j',
    chain,
  ]);
  return `wrote a KUBE-SERVICES rule for ${name} (${vip}/32 ${proto} ${port.port}) and its chain ${chain} on ${node}`;
}

/** The Service chain's first rule (kube-proxy's KUBE-MARK-MASQ for traffic from outside the pod network) deleted. */
export async function removeMasqueradeMark(ctx: FaultContext): Promise<string> {
  const rules = await targetRules(ctx);
  const mark = (await chainRules(rules.node, rules.serviceChain)).find((r) => target(r) === 'KUBE-MARK-MASQ');
  if (!mark) throw new LabgateError(`${rules.serviceChain} on ${rules.node} has no KUBE-MARK-MASQ rule`);
  await deleteRule(rules.node, mark);
  return `deleted rule ${mark.number} (-> KUBE-MARK-MASQ) of ${rules.serviceChain} on ${rules.node}`;
}

/** An address of Kind's default IPv6 service range (fd00:10:96::/112): a VIP a dual-stack Service would get. */
const IPV6_VIP = 'fd00:10:96::a';

/**
 * An IPv6 KUBE-SERVICES rule for the target Service port on the target node, as a kube-proxy that once saw the
 * Service dual-stack would have left behind; it goes nowhere (RETURN), so IPv4 traffic is unchanged.
 */
export async function ipv6RuleLeft(ctx: FaultContext): Promise<string> {
  const { service, port } = ctx.targets.servicePort();
  const name = servicePortName(service.namespace, service.name, port.name);
  const node = ctx.targets.node().name;
  const proto = port.protocol.toLowerCase();
  await onNode(node, ['ip6tables', '-t', 'nat', '-N', 'KUBE-SERVICES'], { reject: false });
  await onNode(node, [
    'ip6tables',
    '-t',
    'nat',
    '-A',
    'KUBE-SERVICES',
    '-d',
    `${IPV6_VIP}/128`,
    '-p',
    proto,
    '-m',
    'comment',
    '--comment',
    `${name} cluster IP`,
    '-m',
    proto,
    '--dport',
    String(port.port),
    '-j',
    'RETURN',
  ]);
  return `wrote an IPv6 KUBE-SERVICES rule for ${name} (${IPV6_VIP} ${proto} ${port.port}) on ${node}`;
}
