/**
 * A ClusterSource for the API server tests: a fixed, lab-shaped set of objects, and an exec that
 * runs the requested command as a real local process.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTwinPki, startApiServer, writeKubeconfig, ExecError } from '../../../twin/api/index.ts';
import type {
  ClusterSource,
  ExecOutcome,
  ExecRequest,
  KubeObject,
  RunningApiServer,
  TwinPki,
} from '../../../twin/api/index.ts';
import { tempDir } from '../../tempDir.ts';
import { emptyWrites, ObjectStore } from '../../../twin/control/store.ts';
import type { WriteOp } from '../../../twin/api/types.ts';

const HOUR = 3_600_000;

export const CREATED_AGO_MS = 8 * HOUR + 5 * 60_000; // "8h" in kubectl's AGE column

function created(): string {
  return new Date(Date.now() - CREATED_AGO_MS).toISOString().replace(/\.\d+Z$/, 'Z');
}

function node(name: string, role: 'control-plane' | 'worker', ip: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: created(),
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(role === 'control-plane' ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
    },
    spec: { podCIDR: '10.244.0.0/24' },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      nodeInfo: {
        kubeletVersion: 'v1.28.0',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0',
        containerRuntimeVersion: 'containerd://1.7.1',
      },
    },
  };
}

function pod(
  name: string,
  nodeName: string,
  ip: string,
  labels: Record<string, string>,
  phase = 'Running',
): KubeObject {
  const running = phase === 'Running';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: created(), labels },
    spec: {
      nodeName,
      containers: [{ name: 'main', image: 'nginx:stable', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
    },
    status: {
      phase,
      podIP: ip,
      podIPs: [{ ip }],
      hostIP: '172.18.0.3',
      conditions: [{ type: 'Ready', status: running ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'main',
          ready: running,
          restartCount: 0,
          state: running ? { running: { startedAt: created() } } : { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    },
  };
}

export const NGINX_PODS = [
  { name: 'nginx-deployment-55d7bb4b86-vg4lt', node: 'k8-services-worker2', ip: '192.168.156.5' },
  { name: 'nginx-deployment-55d7bb4b86-xqh9d', node: 'k8-services-worker', ip: '192.168.202.196' },
];

export function fixtureObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', uid: 'uid-ns-default', creationTimestamp: created() },
      status: { phase: 'Active' },
    },
    node('k8-services-control-plane', 'control-plane', '172.18.0.2'),
    node('k8-services-worker', 'worker', '172.18.0.3'),
    node('k8-services-worker2', 'worker', '172.18.0.4'),
    ...NGINX_PODS.map((p) => pod(p.name, p.node, p.ip, { app: 'nginx', 'pod-template-hash': '55d7bb4b86' })),
    pod('multitool-1-bgssq', 'k8-services-worker', '192.168.202.194', { app: 'multitool-1' }),
    pod('multitool-1-vfr5n', 'k8-services-worker2', '192.168.156.3', { app: 'multitool-1' }),
    pod('finished-job-x7k2p', 'k8-services-worker', '192.168.202.200', { app: 'job' }, 'Succeeded'),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'nginx-service', namespace: 'default', uid: 'uid-svc', creationTimestamp: created() },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.204.67',
        clusterIPs: ['10.96.204.67'],
        selector: { app: 'nginx' },
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }],
      },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'nginx-service-6zrf8',
        namespace: 'default',
        uid: 'uid-eps',
        creationTimestamp: created(),
        labels: {
          'kubernetes.io/service-name': 'nginx-service',
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        },
      },
      addressType: 'IPv4',
      endpoints: NGINX_PODS.map((p) => ({
        addresses: [p.ip],
        conditions: { ready: true },
        nodeName: p.node,
        targetRef: { kind: 'Pod', namespace: 'default', name: p.name },
      })),
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    },
    {
      apiVersion: 'operator.tigera.io/v1',
      kind: 'Installation',
      metadata: { name: 'default', uid: 'uid-inst', creationTimestamp: created() },
      spec: {
        calicoNetwork: {
          ipPools: [
            { cidr: '192.168.0.0/16', blockSize: 26, encapsulation: 'VXLANCrossSubnet', natOutgoing: 'Enabled' },
          ],
        },
      },
      status: { variant: 'Calico' },
    },
  ];
}

/** Runs the command as a local child process, so exit codes and streams are real. */
function execLocally(objects: KubeObject[], req: ExecRequest): Promise<ExecOutcome> {
  const target = objects.find(
    (o) => o.kind === 'Pod' && o.metadata.name === req.pod && o.metadata.namespace === req.namespace,
  );
  const phase = (target?.status as { phase?: string } | undefined)?.phase;
  if (phase !== 'Running') {
    return Promise.reject(
      new ExecError(`cannot exec into a container in a completed pod; current phase is ${phase}`, 'BadRequest'),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(req.command[0]!, req.command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    req.signal?.addEventListener('abort', () => child.kill('SIGKILL'));
    if (req.stdin) req.stdin.pipe(child.stdin);
    else child.stdin.end();
    child.stdin.on('error', () => {});
    child.stdout.pipe(req.stdout);
    child.stderr.pipe(req.stderr);
    child.on('error', (err) => reject(new ExecError(`exec: ${err.message}`, 'BadRequest')));
    child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 137 : 1) }));
  });
}

export function fixtureSource(objects = fixtureObjects()): ClusterSource & { execCalls: ExecRequest[] } {
  const execCalls: ExecRequest[] = [];
  return {
    execCalls,
    snapshot: async () => ({ objects, resourceVersion: '4242' }),
    exec: (req) => {
      execCalls.push(req);
      return execLocally(objects, req);
    },
  };
}

/**
 * A source that takes writes as the twin's control plane keeps them for the kinds it does not make real (its
 * ObjectStore): created objects kept whole, labels and annotations on the fixture's objects, a fixture pod deleted.
 */
export function writableSource(objects = fixtureObjects()): ReturnType<typeof fixtureSource> & { store: ObjectStore } {
  const base = fixtureSource(objects);
  const store = new ObjectStore(emptyWrites(), () => {});
  return {
    ...base,
    store,
    snapshot: async () => ({ objects: store.view(objects), resourceVersion: '4242' }),
    write: async (op: WriteOp) => store.apply(op),
  };
}

export interface TestTwinApi {
  server: RunningApiServer;
  pki: TwinPki;
  dir: string;
  kubeconfigPath: string;
  requestLogPath: string;
  source: ReturnType<typeof fixtureSource>;
}

let cachedPki: TwinPki | undefined;

export async function startTestApi(
  version = { major: '1', minor: '32', gitVersion: 'v1.32.0' },
  source: ReturnType<typeof fixtureSource> = fixtureSource(),
): Promise<TestTwinApi> {
  const pki = (cachedPki ??= createTwinPki());
  const dir = tempDir('twin-api-');
  const requestLogPath = join(dir, 'requests.jsonl');
  const server = await startApiServer(source, {
    host: '127.0.0.1',
    port: 0,
    tls: { caPem: pki.caPem, certPem: pki.serverCertPem, keyPem: pki.serverKeyPem },
    requestLogPath,
    version,
    watchIntervalMs: 100,
  });
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, {
    server: `https://127.0.0.1:${server.port}`,
    caPem: pki.caPem,
    clientCertPem: pki.clientCertPem,
    clientKeyPem: pki.clientKeyPem,
    name: 'kind-k8-services',
  });
  return { server, pki, dir, kubeconfigPath, requestLogPath, source };
}
