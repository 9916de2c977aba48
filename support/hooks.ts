/**
 * Target and preflight for a cucumber run. The run wrapper (`labgate run`) hands the target over as the world
 * parameter `target`; started directly, cucumber-js can only test a lab that is configured: bringing up the twin
 * is the wrapper's decision, never the library's.
 */
import { After, Before, BeforeAll, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { serviceDiagram } from './kubeproxy/serviceDiagram.ts';
import { setRunSession, type LabWorld } from './world.ts';
import { LabgateError } from './floor/errors.ts';
import { chooseLab, handedTarget, inspectionTarget, resolveLabTarget, type Target } from './lab/index.ts';
import { sessionFor } from './session/session.ts';
import { LabChanges } from './mutation/labChanges.ts';

/** Per-step bound: the load-balancing step opens hundreds of connections through pod exec. */
export const STEP_TIMEOUT_MS = 180_000;
setDefaultTimeout(STEP_TIMEOUT_MS);

let resolved: Promise<Target> | undefined;

function labTarget(parameters: unknown): Promise<Target> {
  // handed over by `labgate run` for each run (`--all` runs several labs in one process)
  const handed = handedTarget(parameters);
  if (handed) return Promise.resolve(handed);
  resolved ??= (async () => {
    const r = resolveLabTarget(
      chooseLab(undefined, process.env, process.cwd()),
      process.env,
      process.cwd(),
      () => false,
    );
    if (r.kind === 'none')
      throw new LabgateError(
        `no lab configured (${r.reason})`,
        'run through `labgate run` (npm run cucumber), which brings up the twin',
      );
    return r.target;
  })();
  return resolved;
}

BeforeAll(function (this: { parameters?: unknown }) {
  const handed = handedTarget(this.parameters);
  if (handed) setRunSession(sessionFor(handed));
});

// Scenarios that need a live lab: resolve the target (maybe the twin) and run the preflight once.
Before({ tags: 'not @after-destroy' }, async function (this: LabWorld) {
  const session = sessionFor(await labTarget(this.parameters));
  setRunSession(session);
  await session.ready();
  this.log(`target: ${session.target.description}`);
});

// A scenario that changes the lab records each change with its undo; whatever happened, the lab goes back.
Before({ tags: '@mutating' }, function (this: LabWorld) {
  this.changes = new LabChanges(this.session.kube.kc);
});

After({ tags: '@mutating' }, async function (this: LabWorld) {
  const failed = (await this.changes?.restore()) ?? [];
  if (failed.length > 0) {
    throw new LabgateError(`the lab could not be put back as the scenario found it: ${failed.join('; ')}`);
  }
});

// After the lab is destroyed there is nothing to connect to: name where the lab was, read nothing yet.
Before({ tags: '@after-destroy' }, async function (this: LabWorld) {
  const here = process.cwd();
  const target =
    handedTarget(this.parameters) ?? inspectionTarget(chooseLab(undefined, process.env, here), process.env, here);
  setRunSession(sessionFor(target));
  this.log(`target: ${target.description} (after destroy)`);
});

// A failed kube-proxy scenario carries the diagram of the rules it read, next to the rest of its evidence.
After(async function (this: LabWorld, { result }) {
  if (result?.status !== Status.FAILED || !this.nat || !this.servicePort) return;
  const d = await serviceDiagram(this.nat, this.servicePort).catch(() => undefined);
  if (d?.evidence.length) await this.evidence(d.evidence);
});
