/**
 * The twin's long-running control plane process: `node twin/control/daemon.ts <lab> <port>` from the build
 * (.labgate/build/<key>/daemon.js), or through tsx without one.
 * Started detached by `labgate twin up`; stopped by `labgate twin down`.
 */
import { appendFileSync } from 'node:fs';
import { startApiServer } from '../api/server.ts';
import { TwinControlPlane } from './controlPlane.ts';
import { TwinState } from './state.ts';

const RECONCILE_INTERVAL_MS = 1000;
/** after a pass that changed pods the next follows at once, as a controller's work queue does, not a second later */
const FOLLOW_UP_MS = 50;
const lab = process.argv[2];
if (!lab) throw new Error('usage: daemon.ts <lab> <port>');
const state = new TwinState(lab);
const log = (line: string) => appendFileSync(state.path('api.log'), `${new Date().toISOString()} ${line}\n`);

async function main(): Promise<void> {
  const plan = state.plan();
  const pki = state.pki();
  const port = Number(process.argv[3] ?? 0);
  if (!plan || !pki) throw new Error(`no twin plan in ${state.dir}; run labgate twin up`);
  const control = new TwinControlPlane(plan, state);
  await control.refresh();
  const server = await startApiServer(control, {
    host: '127.0.0.1',
    port,
    tls: { caPem: pki.caPem, certPem: pki.serverCertPem, keyPem: pki.serverKeyPem },
    requestLogPath: state.path('requests.log'),
    version: { major: '1', minor: '28', gitVersion: 'v1.28.0' },
  });
  log(`API server listening on https://127.0.0.1:${server.port}`);
  const runtime = {
    pid: process.pid,
    port: server.port,
    startedAt: new Date().toISOString(),
    ready: control.allPodsReady(),
  };
  state.write('runtime.json', runtime);
  const stop = async () => {
    await server.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (;;) {
    await new Promise((r) => setTimeout(r, control.settling ? FOLLOW_UP_MS : RECONCILE_INTERVAL_MS));
    try {
      await control.refresh();
      const ready = control.allPodsReady();
      if (ready !== runtime.ready) {
        runtime.ready = ready;
        state.write('runtime.json', runtime);
      }
    } catch (err) {
      log(`reconcile failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
}

main().catch((err: Error) => {
  log(`fatal: ${err.message.split('\n')[0]}`);
  state.write('runtime.json', {
    pid: process.pid,
    port: 0,
    startedAt: new Date().toISOString(),
    ready: false,
    error: err.message.split('\n')[0],
  });
  process.exit(1);
});
