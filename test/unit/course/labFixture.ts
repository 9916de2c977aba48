/**
 * Small made-up labs for the lint tests, written into a temp folder: a course root with one README and lab
 * folders given as {path: content}. `goodLab()` has none of the mistakes lint looks for; tests change one
 * file to add exactly one mistake.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir as sharedTempDir } from '../../tempDir.ts';

export type Files = Record<string, string>;

/** A temp folder removed when the test process ends. */
export function tempDir(prefix: string): string {
  return sharedTempDir(`labgate-lint-${prefix}-`);
}

export function makeCourse(
  labs: Record<string, Files>,
  rootFiles: Files = { 'README.md': '# Course\n\n## Setup\n\nSteps.\n' },
): string {
  const root = tempDir('course');
  const write = (base: string, files: Files) => {
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(base, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  };
  write(root, rootFiles);
  for (const [name, files] of Object.entries(labs)) write(path.join(root, name), files);
  return root;
}

export const fence = '```';

export function goodLab(): Files {
  return {
    'deploy.sh': [
      '#!/bin/bash',
      'set -e',
      'sudo containerlab deploy -t demo.clab.yaml',
      'sudo kind get kubeconfig --name=demo > demo.kubeconfig',
      'export KUBECONFIG=$(pwd)/demo.kubeconfig',
      'kubectl create -f https://raw.githubusercontent.com/projectcalico/calico/v3.30.0/manifests/tigera-operator.yaml',
      'kubectl apply -f cni/calico.yaml',
      'for manifest in tools/*.yaml; do',
      '  kubectl apply -f "$manifest"',
      'done',
      '',
    ].join('\n'),
    'demo.clab.yaml': [
      'name: demo',
      'topology:',
      '  nodes:',
      '    demo:',
      '      kind: k8s-kind',
      '      image: kindest/node:v1.29.1',
      '      startup-config: demo-kind.yaml',
      '    router:',
      '      kind: linux',
      '      image: frrouting/frr:v8.4.0',
      '',
    ].join('\n'),
    'demo-kind.yaml': [
      'kind: Cluster',
      'apiVersion: kind.x-k8s.io/v1alpha4',
      'nodes:',
      '  - role: control-plane',
      '  - role: worker',
      '  - role: worker',
      '',
    ].join('\n'),
    'cni/calico.yaml': [
      'apiVersion: operator.tigera.io/v1',
      'kind: Installation',
      'metadata:',
      '  name: default',
      '',
    ].join('\n'),
    'tools/web.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  replicas: 1',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: web-svc',
      '---',
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata:',
      '  name: probe',
      '',
    ].join('\n'),
    'README.md': goodText(),
  };
}

/** The good lab's text; line numbers matter to the tests, so it is built line by line. */
export function goodText(): string {
  return [
    '# Demo lab', // 1
    '',
    '## Lab Setup',
    'See [the course notes](../README.md#setup).', // 4
    '',
    '| File | Use |',
    '|---|---|',
    '| [demo.clab.yaml](demo.clab.yaml) | topology |', // 8
    '',
    '## Exercises', // 10
    '',
    '### 1. Topology', // 12
    '',
    `${fence}bash`,
    'containerlab inspect -t demo.clab.yaml', // 15
    fence,
    '',
    '### 2. Workloads', // 18
    '',
    `${fence}bash`,
    'export KUBECONFIG=$(pwd)/demo.kubeconfig', // 21
    'kubectl get pods -o wide', // 22
    fence,
    '',
    'Output:',
    '',
    fence,
    'NAME                   READY   STATUS    RESTARTS   AGE   IP         NODE           NOMINATED NODE   READINESS GATES', // 28
    'web-6d4b75cb6d-abcde   1/1     Running   0          1m    10.1.0.5   demo-worker    <none>           <none>', // 29
    'probe-x1y2z            1/1     Running   0          1m    10.1.0.6   demo-worker2   <none>           <none>', // 30
    fence,
    '',
    '#### 2.1 Nodes', // 33
    '',
    `${fence}bash`,
    'kubectl get nodes', // 36
    fence,
    '',
    'Output:',
    '',
    fence,
    'NAME                 STATUS   ROLES           AGE   VERSION', // 42
    'demo-control-plane   Ready    control-plane   5m    v1.29.1', // 43
    'demo-worker          Ready    <none>          5m    v1.29.1',
    'demo-worker2         Ready    <none>          5m    v1.29.1',
    fence,
    '',
    '#### 2.2 Into a node', // 48
    '',
    `${fence}bash`,
    'docker exec -it demo-worker /bin/bash', // 51
    fence,
    '',
    fence,
    'iptables -t nat -L KUBE-SERVICES -n --line-numbers', // 55
    fence,
    '',
    'Output:',
    '',
    fence,
    'Chain KUBE-SERVICES (2 references)', // 61
    'num  target        prot opt source       destination', // 62
    '1    KUBE-SVC-ABC  tcp  --  0.0.0.0/0    10.96.0.20',
    fence,
    '',
    '### 3. Router', // 66
    '',
    `${fence}bash`,
    'docker exec -it clab-demo-router vtysh', // 69
    fence,
    '',
  ].join('\n');
}

/** The good text with line `n` (1-based) replaced. */
export function withLine(text: string, n: number, replacement: string): string {
  const lines = text.split('\n');
  lines[n - 1] = replacement;
  return lines.join('\n');
}
