/**
 * Faults in the servers a workload's pods run, made in the pods themselves: a web server whose listeners expect
 * the PROXY protocol header (as behind a load balancer that sends one), and a pod whose firewall drops its own
 * FIN segments, so the replies arrive and the close never does.
 */
import { LabgateError } from '../shared.ts';
import { netnsName, podConfigFile, POD_CONF_DIR } from '../dataplane/pods.ts';
import { processKind } from '../pods/index.ts';
import { onNode, scriptOnNode, type FaultContext } from './context.ts';

const PROXY_PROTOCOL_SCRIPT = `
ns="$1"; conf="$2"
sed -i 's/ default_server;/ default_server proxy_protocol;/' "$conf"
grep -q proxy_protocol "$conf"
ip netns exec "$ns" nginx -c "$conf" -t -q
ip netns exec "$ns" nginx -c "$conf" -s reload
`;

/** Every nginx listener of the target workload's pods expects a PROXY protocol header first; nginx reloaded. */
export async function webExpectsProxyProtocol(ctx: FaultContext): Promise<string> {
  const pods = ctx.targets.workloadPods();
  const web = pods.filter((p) => processKind(p).name === 'web');
  if (web.length !== pods.length) {
    throw new LabgateError(`${ctx.targets.where}.workload: not every pod of it runs nginx`);
  }
  for (const pod of web) {
    const conf = `${POD_CONF_DIR}/${netnsName(pod)}/${podConfigFile(pod)}`;
    await scriptOnNode(pod.node, PROXY_PROTOCOL_SCRIPT, [netnsName(pod), conf]);
  }
  return `the nginx listeners of ${web.map((p) => p.name).join(', ')} now expect the PROXY protocol; nginx reloaded`;
}

/** A TCP segment with FIN set and no payload (IPv4 and TCP headers with options: at most 64 bytes). */
const BARE_FIN = ['-p', 'tcp', '--tcp-flags', 'FIN', 'FIN', '-m', 'length', '--length', '0:64'];

/** The target workload's pods drop the bare FIN segments they send: their peers never see them close. */
export async function serverFinDropped(ctx: FaultContext): Promise<string> {
  const pods = ctx.targets.workloadPods();
  for (const pod of pods) {
    await onNode(pod.node, [
      'ip',
      'netns',
      'exec',
      netnsName(pod),
      'iptables',
      '-I',
      'OUTPUT',
      ...BARE_FIN,
      '-j',
      'DROP',
    ]);
  }
  return `the pods ${pods.map((p) => p.name).join(', ')} drop the FIN segments they send (iptables OUTPUT)`;
}
