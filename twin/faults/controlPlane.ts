/**
 * The control plane's inputs a fault may change: the controller switches it reads on every reconcile, and the
 * plan (placement is the scheduler's decision), which the daemon reads once at start, so a changed plan
 * means a restart with the same port and certificates: the kubeconfig stays valid.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { LabgateError } from '../shared.ts';
import type { ControllerSwitches } from '../control/controlPlane.ts';
import { PROJECT_ROOT, pidAlive as alive, type TwinState } from '../control/state.ts';
import type { TwinPlan } from '../plan.ts';
import { twinHealth } from '../lifecycle.ts';
import { waitFor } from './api.ts';

const STOP_TIMEOUT_MS = 5_000;
const START_TIMEOUT_MS = 60_000;
/** the daemon reads its switches once per reconcile (every second): two periods are enough to be sure */
const SWITCH_PICKUP_MS = 2_500;

/** Sets the control plane's fault switches; resolves once the daemon has read them. */
export async function setControllers(state: TwinState, switches: ControllerSwitches): Promise<void> {
  state.write('controllers.json', { ...(state.read<ControllerSwitches>('controllers.json') ?? {}), ...switches });
  await new Promise((r) => setTimeout(r, SWITCH_PICKUP_MS));
}

/** Writes the new plan and restarts the control plane daemon on the same port; resolves when it is ready again. */
export async function replanAndRestart(state: TwinState, plan: TwinPlan): Promise<void> {
  const runtime = state.runtime();
  if (!runtime || !alive(runtime.pid))
    throw new LabgateError('the twin control plane is not running', 'run `labgate twin fault --reset`');
  state.write('plan.json', plan);
  process.kill(runtime.pid, 'SIGTERM');
  await waitFor('the old control plane stopped', STOP_TIMEOUT_MS, async () => (alive(runtime.pid) ? undefined : true));
  const log = openSync(state.path('api.log'), 'a');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(PROJECT_ROOT, 'twin', 'control', 'daemon.ts'), state.lab, String(runtime.port)],
    {
      cwd: PROJECT_ROOT,
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  child.unref();
  await waitFor('the restarted control plane ready', START_TIMEOUT_MS, async () => {
    const now = state.runtime();
    if (now?.error) throw new LabgateError(`the restarted control plane failed: ${now.error}`);
    if (!now || now.pid !== child.pid || !now.ready) return undefined;
    return (await twinHealth(state.lab)).up ? true : undefined;
  });
}
