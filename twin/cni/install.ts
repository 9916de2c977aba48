/**
 * The end state of the lab text's internet installs on each node, when the lab's manifests hold Multus' DaemonSet:
 * Calico's CNI config (10-calico.conflist and its kubeconfig), the config Multus' thin entrypoint writes before it
 * (00-multus.conf, delegating to Calico's list, and multus.d/multus.kubeconfig), and the CNI plugins the text
 * untars into /opt/cni/bin (Debian's containernetworking-plugins: real macvlan, portmap, bridge, ... binaries).
 * The twin itself builds net1 (twin/cni/multus.ts); these files are what a student reads on the node.
 */
import type { KubeObject } from '../api/types.ts';
import type { TwinPlan } from '../plan.ts';
import { shq } from '../dataplane/shell.ts';

const MULTUS_IMAGE = /(^|\/)multus-cni(:|@|$)/;
const NET_D = '/etc/cni/net.d';
const BIN = '/opt/cni/bin';
export const CNI_BIN = BIN;
export const MULTUS_CONF = `${NET_D}/00-multus.conf`;

/** Whether the lab installs Multus: a DaemonSet of its image among the plan's objects. */
export function multusInstalled(objects: KubeObject[]): boolean {
  return objects.some(
    (o) =>
      o.kind === 'DaemonSet' &&
      (
        (o as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } }).spec?.template?.spec
          ?.containers ?? []
      ).some((c) => MULTUS_IMAGE.test(c.image ?? '')),
  );
}

/** Calico's conflist as its install-cni writes it (the pool's MTU, Calico IPAM, portmap chained). */
export function calicoConflist(plan: Pick<TwinPlan, 'podMtu'>) {
  return {
    name: 'k8s-pod-network',
    cniVersion: '0.3.1',
    plugins: [
      {
        type: 'calico',
        datastore_type: 'kubernetes',
        mtu: plan.podMtu,
        nodename_file_optional: false,
        log_level: 'Info',
        log_file_path: '/var/log/calico/cni/cni.log',
        ipam: { type: 'calico-ipam', assign_ipv4: 'true', assign_ipv6: 'false' },
        container_settings: { allow_ip_forwarding: false },
        policy: { type: 'k8s' },
        kubernetes: { k8s_api_root: 'https://10.96.0.1:443', kubeconfig: `${NET_D}/calico-kubeconfig` },
      },
      { type: 'bandwidth', capabilities: { bandwidth: true } },
      { type: 'portmap', snat: true, capabilities: { portMappings: true } },
    ],
  };
}

/** 00-multus.conf as Multus' thin entrypoint generates it from the first config it finds (Calico's list). */
export function multusConf(plan: Pick<TwinPlan, 'podMtu'>) {
  return {
    cniVersion: '0.3.1',
    name: 'multus-cni-network',
    type: 'multus',
    capabilities: { portMappings: true, bandwidth: true },
    kubeconfig: `${NET_D}/multus.d/multus.kubeconfig`,
    delegates: [calicoConflist(plan)],
  };
}

function kubeconfig(user: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: local',
    '  cluster:',
    '    server: https://10.96.0.1:443',
    '    certificate-authority-data: ""',
    'users:',
    `- name: ${user}`,
    '  user:',
    '    token: ""',
    'contexts:',
    `- name: ${user}-context`,
    '  context:',
    '    cluster: local',
    `    user: ${user}`,
    `current-context: ${user}-context`,
    '',
  ].join('\n');
}

/** The shell lines that leave a node's CNI folders as the lab's installs leave them; none without Multus. */
export function cniFilesScript(plan: Pick<TwinPlan, 'podMtu' | 'objects'>): string[] {
  if (!multusInstalled(plan.objects)) return [];
  const write = (path: string, text: string, mode: string) => [
    `printf '%s\\n' ${shq(text)} > ${path}`,
    `chmod ${mode} ${path}`,
  ];
  return [
    `mkdir -p ${NET_D}/multus.d ${BIN}`,
    ...write(`${NET_D}/10-calico.conflist`, JSON.stringify(calicoConflist(plan), null, 2), '600'),
    ...write(`${NET_D}/calico-kubeconfig`, kubeconfig('calico'), '600'),
    ...write(MULTUS_CONF, JSON.stringify(multusConf(plan)), '600'),
    ...write(`${NET_D}/multus.d/multus.kubeconfig`, kubeconfig('multus'), '600'),
    // the text's 4.5: the CNI plugins release untarred into /opt/cni/bin
    `cp -a /usr/lib/cni/. ${BIN}/`,
  ];
}
