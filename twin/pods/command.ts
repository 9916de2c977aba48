/**
 * command pods: the container's own command and args, run as written (a shell that sleeps, redis-server and the
 * scripts around it) with the programs of the node image, its environment only, its output kept as its log.
 */
import { shq } from '../dataplane/shell.ts';
import type { PlannedPod } from '../plan.ts';
import type { PodProcessKind } from './kind.ts';
import { netnsName, podRunDir } from './paths.ts';
import { kubeletResolvConf } from './resolvConf.ts';

const PATH = 'PATH=/usr/sbin:/usr/bin:/sbin:/bin';

function logFile(pod: PlannedPod): string {
  return `${podRunDir(pod)}/container.log`;
}

export const commandProcess: PodProcessKind = {
  name: 'command',
  images: [
    { image: /(^|\/)redis$/, defaultCommand: ['redis-server', '--protected-mode', 'no'] },
    { image: /(^|\/)(busybox|alpine|ubuntu|debian)$/ },
    { image: /(^|\/)netshoot$/ },
    // lab 13: the backend's python:3.11-slim runs its python3 script, curlimages/curl its shell loop
    { image: /(^|\/)python$/ },
    { image: /^curlimages\/curl$/ },
    // networkstatic/iperf3: the image's entrypoint is iperf3 (Debian's iperf3 3.12 from the node image)
    { image: /(^|\/)iperf3$/, defaultCommand: ['iperf3', '-s'] },
    // lab 21: Multus' thin DaemonSet; the files its entrypoint writes on the node are twin/cni/install.ts's
    { image: /(^|\/)multus-cni$/, defaultCommand: ['sleep', 'infinity'] },
  ],
  runsCommand: true,
  filesScript: kubeletResolvConf,
  startCommand: (pod) => {
    const env = Object.entries(pod.container.env)
      .map(([k, v]) => shq(`${k}=${v}`))
      .join(' ');
    const argv = (pod.container.command ?? []).map(shq).join(' ');
    return (
      `(cd / && setsid ip netns exec ${shq(netnsName(pod))} env -i ${PATH} ${env} ${argv} > ${logFile(pod)} 2>&1 ` +
      `< /dev/null & echo $! > ${podRunDir(pod)}/main.pid)`
    );
  },
  logFile,
};
