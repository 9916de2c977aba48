/** web pods: nginx serving the container's TCP ports (nginx itself, and the multitool image, which runs nginx). */
import type { PlannedPod } from '../plan.ts';
import { shq } from '../dataplane/shell.ts';
import type { PodProcessKind } from './kind.ts';
import { netnsName, podConfDir, podRunDir } from './paths.ts';
import { kubeletResolvConf } from './resolvConf.ts';

const CONFIG_FILE = 'nginx.conf';

function nginxConf(pod: PlannedPod): string {
  const run = podRunDir(pod);
  const listens = pod.container.ports
    .filter((p) => p.protocol === 'TCP' && p.name !== 'https')
    .map(
      (p) =>
        `  server { listen ${p.containerPort} default_server; root /var/www/html; ` +
        'index index.nginx-debian.html; }',
    );
  return [
    'worker_processes 1;',
    `pid ${run}/main.pid;`,
    `error_log ${run}/error.log;`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${run}/body;`,
    ...listens,
    '}',
    '',
  ].join('\n');
}

export const webProcess: PodProcessKind = {
  name: 'web',
  images: [{ image: /(^|\/)nginx$/ }, { image: /(^|\/)network-multitool$/ }],
  configFile: CONFIG_FILE,
  filesScript: (plan, pod) =>
    [
      kubeletResolvConf(plan, pod),
      `cat > ${podConfDir(pod)}/${CONFIG_FILE} <<'LABGATE_EOF'\n${nginxConf(pod)}LABGATE_EOF`,
    ].join('\n'),
  startCommand: (pod) => `ip netns exec ${shq(netnsName(pod))} nginx -c ${podConfDir(pod)}/${CONFIG_FILE}`,
};
