/** `labgate twin up|down|status`: build, reuse, report on and remove the twin of a lab. */
import { spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { LabgateError, loadLab, type Lab } from './shared.ts';
import { writeKubeconfig } from './api/index.ts';
import { docker } from './docker.ts';
import { ensureHostReady } from './host.ts';
import { ensureNodeImage } from './image.ts';
import { loadManifests, makePlan, type TwinPlan } from './plan.ts';
import { assertTwinCanBuild } from './topology/index.ts';
import { buildTopology } from './topology/build.ts';
import {
  assertNothingForeign,
  containerState,
  containerStates,
  createNetwork,
  createNode,
  removeTwinResources,
  TWIN_LABEL,
} from './dataplane/nodes.ts';
import { nodeSetupScript } from './dataplane/pods.ts';
import { guardNodes } from './dataplane/guard.ts';
import { PROJECT_ROOT, TwinState, pidAlive, type TwinRuntime } from './control/state.ts';
import { withTwinLock } from './control/lock.ts';
import { claimBlocks, confirmBlock, readIpam, writeIpam } from './control/ipam.ts';
import { twinPki } from './control/pkiCache.ts';

export const DEFAULT_API_PORT = 36443;

const READY_TIMEOUT_MS = 90_000;

export interface TwinHealth {
  up: boolean;
  problems: string[];
  /** the control plane answers and the kubeconfig is there: the twin can be tested, broken or not */
  reachable: boolean;
  runtime?: TwinRuntime;
  plan?: TwinPlan;
}

function apiPort(): number {
  const raw = process.env.LABGATE_TWIN_API_PORT;
  if (!raw) return DEFAULT_API_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new LabgateError(`LABGATE_TWIN_API_PORT=${raw} is not a TCP port`);
  return port;
}

/** Fails fast, before anything is built, when another process holds the API port. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new LabgateError(
          `port 127.0.0.1:${port} for the twin API is in use (${err.code})`,
          'stop what holds it, or set LABGATE_TWIN_API_PORT to a free port',
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function readyz(state: TwinState, runtime: TwinRuntime): Promise<boolean> {
  const pki = state.pki();
  if (!pki) return false;
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: runtime.port,
        path: '/readyz',
        ca: pki.caPem,
        cert: pki.clientCertPem,
        key: pki.clientKeyPem,
        timeout: 3000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function twinHealth(lab: string): Promise<TwinHealth> {
  const state = new TwinState(lab);
  const plan = state.plan();
  const runtime = state.runtime();
  const problems: string[] = [];
  if (!plan) return { up: false, reachable: false, problems: ['no twin plan'] };
  if (!plan.kubeconfig || !plan.namespaces)
    return { up: false, reachable: false, problems: ['the twin was made by an older labgate'] };
  const alive = Boolean(runtime && pidAlive(runtime.pid));
  const [answers, states] = await Promise.all([
    alive && runtime ? readyz(state, runtime) : false,
    containerStates(plan.nodes.map((n) => n.name)),
  ]);
  if (!alive) problems.push('the twin control plane is not running');
  else if (!answers) problems.push(`the twin API on 127.0.0.1:${runtime!.port} does not answer`);
  plan.nodes.forEach((n, i) => {
    if (!states[i]!.running) problems.push(`node container ${n.name} is not running`);
  });
  const kubeconfigThere = existsSync(TwinState.kubeconfigPath(plan.kubeconfig));
  if (!kubeconfigThere) problems.push('the twin kubeconfig is missing');
  const controlPlaneUp = !problems.some((p) => p.includes('control plane') || p.includes('API'));
  return { up: problems.length === 0, reachable: controlPlaneUp && kubeconfigThere, problems, runtime, plan };
}

async function waitReady(state: TwinState, pid: number): Promise<TwinRuntime> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const runtime = state.runtime();
    if (runtime?.error)
      throw new LabgateError(`the twin control plane failed: ${runtime.error}`, `see ${state.path('api.log')}`);
    if (!pidAlive(pid))
      throw new LabgateError('the twin control plane exited during start-up', `see ${state.path('api.log')}`);
    if (runtime?.pid === pid && runtime.ready && (await readyz(state, runtime))) return runtime;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new LabgateError(`the twin was not ready within ${READY_TIMEOUT_MS / 1000} s`, `see ${state.path('api.log')}`);
}

async function stopControlPlane(state: TwinState): Promise<void> {
  const runtime = state.runtime();
  if (!runtime || !pidAlive(runtime.pid)) return;
  process.kill(runtime.pid, 'SIGTERM');
  for (let i = 0; i < 50 && pidAlive(runtime.pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (pidAlive(runtime.pid)) process.kill(runtime.pid, 'SIGKILL');
}

/**
 * `keepBroken`: a twin whose control plane answers is reused even with faults in it (a stopped node, a
 * dead nginx), so that a gate run reports them instead of quietly rebuilding a healthy twin.
 */
export async function twinUp(
  lab: string,
  log: (l: string) => void = () => {},
  opts: TwinUpOptions = {},
): Promise<TwinUpResult> {
  return withTwinLock(lab, log, () => twinUpLocked(lab, log, opts));
}

/** `lab`: the descriptor the caller already read (the run wrapper), so it is not read again. */
type TwinUpOptions = { keepBroken?: boolean; lab?: Lab };
type TwinUpResult = { kubeconfigPath: string; context: string; reused: boolean; plan: TwinPlan };

async function twinUpLocked(lab: string, log: (l: string) => void, opts: TwinUpOptions): Promise<TwinUpResult> {
  const state = new TwinState(lab);
  await ensureHostReady(state.dir, log);
  const health = await twinHealth(lab);
  if (health.plan && (health.up || (opts.keepBroken && health.reachable))) {
    if (!health.up) log(`labgate: reusing the twin as it is, faults included: ${health.problems.join('; ')}`);
    return {
      kubeconfigPath: TwinState.kubeconfigPath(health.plan.kubeconfig),
      context: health.plan.context,
      reused: true,
      plan: health.plan,
    };
  }
  await takeDownOtherTwins(lab, log);
  const port = apiPort();
  const leftovers = await docker(['ps', '-aq', '--filter', `label=${TWIN_LABEL}=${lab}`]);
  if (leftovers.stdout.trim() || health.plan) {
    log(`labgate: removing a leftover twin of ${lab} from an earlier run (${health.problems.join('; ')})`);
    await twinDown(lab);
  }
  await assertPortFree(port);
  const descriptor = opts.lab ?? loadLab(lab);
  const plan = makePlan(descriptor, loadManifests(descriptor.manifestsDir));
  assertTwinCanBuild(lab, plan.topology);
  await assertNothingForeign(plan);
  const image = await ensureNodeImage(log);
  state.write('plan.json', plan);
  writeIpam(state, claimBlocks(plan));
  // a new twin starts with nothing written through the API yet
  for (const f of ['objects.json', 'pods.json'] as const) rmSync(state.path(f), { force: true });

  await createNetwork(plan);
  await Promise.all(plan.nodes.map((n) => createNode(plan, n, image)));
  const nodeIps = new Map<string, string>();
  for (const n of plan.nodes) {
    const c = await containerState(n.name);
    if (!c.running || !c.ip) throw new LabgateError(`node container ${n.name} did not start`, `docker logs ${n.name}`);
    nodeIps.set(n.name, c.ip);
  }
  // the containerlab topology (ToR, routers, links, exec lines) before the pods and routes that use its links
  await buildTopology(plan, image);
  const gateway =
    (await docker(['network', 'inspect', plan.network, '--format', '{{range .IPAM.Config}}{{.Gateway}}{{end}}'])).stdout
      .trim()
      .split(/\s+/)[0] ?? '';
  if (!/^\d+(\.\d+){3}$/.test(gateway))
    throw new LabgateError(`the Docker network ${plan.network} has no IPv4 gateway (${gateway || 'none'})`);
  await Promise.all(
    plan.nodes.map(async (n) => {
      await docker(['exec', '-i', n.name, 'bash', '-s'], { input: nodeSetupScript(plan, n.name, nodeIps, gateway) });
      // the node's pods are addressed from its block and the routes to it are in place: the claim is done
      writeIpam(state, confirmBlock(readIpam(state), n.name));
    }),
  );
  await guardNodes(plan);

  const pki = twinPki();
  state.write('pki.json', pki);
  const apiLog = openSync(state.path('api.log'), 'a');
  const child = spawn(process.execPath, [...(await daemonCommand()), lab, String(port)], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', apiLog, apiLog],
  });
  child.unref();
  const runtime = await waitReady(state, child.pid!);
  const kubeconfigPath = TwinState.kubeconfigPath(plan.kubeconfig);
  const context = plan.context;
  writeKubeconfig(kubeconfigPath, {
    server: `https://127.0.0.1:${runtime.port}`,
    caPem: pki.caPem,
    clientCertPem: pki.clientCertPem,
    clientKeyPem: pki.clientKeyPem,
    name: context,
  });
  return { kubeconfigPath, context, reused: false, plan };
}

/**
 * The control plane's command: its esbuild build when there is one, so a twin up or a fault's reset does not
 * compile the twin's TypeScript again (seconds of CPU each time); else the sources through tsx.
 */
async function daemonCommand(): Promise<string[]> {
  const { currentBuild } = await import('../support/run/build.mjs');
  const built = process.env.LABGATE_BUILD_DIR ?? (await currentBuild());
  const daemon = built === undefined ? undefined : join(built, 'daemon.js');
  if (daemon && existsSync(daemon)) return [daemon];
  return ['--import', 'tsx', join(PROJECT_ROOT, 'twin', 'control', 'daemon.ts')];
}

/** One twin at a time: the twins of other labs share the network and the API port, so they go first. */
async function takeDownOtherTwins(lab: string, log: (l: string) => void): Promise<void> {
  const root = join(PROJECT_ROOT, '.labgate', 'twin');
  if (!existsSync(root)) return;
  for (const other of readdirSync(root).filter((d) => d !== lab)) {
    if (!new TwinState(other).plan()) continue;
    log(`labgate: taking down the twin of ${other} first (one twin runs at a time)`);
    await twinDown(other);
  }
}

export async function twinDown(lab: string): Promise<{ containers: string[]; networks: string[] }> {
  const state = new TwinState(lab);
  await stopControlPlane(state);
  const removed = await removeTwinResources(lab);
  const plan = state.plan();
  const kubeconfig = plan?.kubeconfig && TwinState.kubeconfigPath(plan.kubeconfig);
  if (kubeconfig && existsSync(kubeconfig) && isTwinKubeconfig(kubeconfig, lab)) rmSync(kubeconfig);
  rmSync(state.dir, { recursive: true, force: true });
  return removed;
}

/** A kubeconfig is the twin's when it carries the twin's own CA. */
/** Whether the file is the kubeconfig of some lab's twin here: labs that share a cluster name share its file too. */
export function isAnyTwinKubeconfig(path: string): boolean {
  const root = join(PROJECT_ROOT, '.labgate', 'twin');
  if (!existsSync(root)) return false;
  return readdirSync(root).some((lab) => isTwinKubeconfig(path, lab));
}

export function isTwinKubeconfig(path: string, lab: string): boolean {
  const pki = new TwinState(lab).pki();
  if (!pki || !existsSync(path)) return false;
  const ca = Buffer.from(pki.caPem, 'utf8').toString('base64');
  return readFileSync(path, 'utf8').includes(ca);
}
