/** After the lab's destroy script: what of the lab is still on this machine. */
import { existsSync } from 'node:fs';
import { LabgateError } from '../floor/errors.ts';
import { assertDns1123 } from '../floor/names.ts';
import { commandEvidence, finding, textEvidence, type Finding } from '../floor/finding.ts';
import { KIND_CLUSTER_LABEL } from './containers.ts';
import { commandFailure, runHost, succeeded } from '../access/nodeRunner.ts';
import type { CommandResult } from '../floor/command.ts';

export async function leftoverContainers(clusterName: string): Promise<Finding<string[]>> {
  const r = await runHost([
    'docker',
    'ps',
    '-a',
    '--filter',
    `label=${KIND_CLUSTER_LABEL}=${clusterName}`,
    '--format',
    '{{.Names}}',
  ]);
  if (!succeeded(r))
    throw new LabgateError(`cannot list containers: ${commandFailure(r)}`, 'check that Docker is running');
  return containersLeft(clusterName, r);
}

/** `docker ps -a --filter label=<kind cluster>` listed these names: any is left over. */
export function containersLeft(clusterName: string, r: CommandResult): Finding<string[]> {
  const names = r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();
  return finding(
    [],
    names,
    `After the destroy script no container of the Kind cluster ${clusterName} should remain; found ` +
      `${names.join(', ') || 'none'}. Remove them with \`kind delete cluster --name ${clusterName}\` or ` +
      `\`containerlab destroy -t <topology>\`.`,
    [commandEvidence('lab containers', r)],
  );
}

export async function networkPresent(name: string): Promise<Finding<boolean>> {
  assertDns1123(name, 'Docker network name');
  const r = await runHost(['docker', 'network', 'ls', '--filter', `name=^${name}$`, '--format', '{{.Name}}']);
  if (!succeeded(r))
    throw new LabgateError(`cannot list Docker networks: ${commandFailure(r)}`, 'check that Docker is running');
  return networkListed(name, r);
}

/** `docker network ls --format {{.Name}}` names the lab's network: it is still there. */
export function networkListed(name: string, r: CommandResult): Finding<boolean> {
  const present = r.stdout
    .split('\n')
    .map((l) => l.trim())
    .includes(name);
  return finding(
    false,
    present,
    `After the destroy script the lab's Docker network "${name}" should be gone; it is still there. Check ` +
      `\`docker network inspect ${name}\` for containers still attached.`,
    [commandEvidence('docker networks', r)],
  );
}

export function kubeconfigPresent(path: string): Finding<boolean> {
  const present = existsSync(path);
  return finding(
    false,
    present,
    `The destroy script removes the generated kubeconfig; ${path} still exists. Delete it (rm -f ${path}).`,
    [textEvidence('kubeconfig', `${path}: ${present ? 'present' : 'absent'}`)],
  );
}
