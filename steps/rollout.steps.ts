/** Steps of the @mutating scenarios that change a workload's pod template: the text's patch, the rollout after it. */
import { Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import { LabgateError } from '../support/floor/errors.ts';
import { settleSeconds } from '../support/floor/wait.ts';
import { courseText } from '../support/mutation/labFiles.ts';
import { daemonSetPods, waitDaemonSetRollout } from '../support/mutation/rollout.ts';
import { IPV4_POOLS, podsInAnnotatedPools, podsReplaced, rolledOut } from '../support/mutation/rolloutChecks.ts';
import { textPatchOf } from '../support/mutation/textPatch.ts';
import { readIpam } from '../support/session/ipam.ts';
import type { LabWorld } from '../support/world.ts';

const NS = 'default';
/** how long the After hook waits for a workload put back to roll out again */
const RESTORE_ROLLOUT_S = 180;

function changes(world: LabWorld) {
  if (!world.changes) throw new Error('this step changes the lab: tag its scenario @mutating');
  return world.changes;
}

When('the lab patches the DaemonSet {string} as its text shows', async function (this: LabWorld, name: string) {
  const tp = textPatchOf(courseText(this.target.labName), 'DaemonSet', name);
  const { apps, core } = this.session.kube;
  const { pods } = await daemonSetPods(apps, core, NS, name);
  this.noted[`${name}/pods`] = JSON.stringify(pods.map((p) => ({ name: p.metadata?.name, node: p.spec?.nodeName })));
  const settle = async () => {
    const w = await waitDaemonSetRollout(apps, NS, name, RESTORE_ROLLOUT_S);
    if (w.progress) throw new LabgateError(`DaemonSet ${name} put back did not roll out: ${w.progress}`);
  };
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: NS } };
  await changes(this).patch(ds, tp.patch, tp.type, settle);
  this.log(`applied the text's patch (line ${tp.line}): ${tp.text}`);
});

Then('the DaemonSet {string} rolls out within {int} seconds', async function (this: LabWorld, name: string, s: number) {
  // a run that allows shorter settle waits (LABGATE_SETTLE_SECONDS) stops a rollout that stalls that long
  const wait = await waitDaemonSetRollout(this.session.kube.apps, NS, name, s, settleSeconds());
  const f = await this.report(rolledOut(`daemonset/${name}`, wait, s));
  expect(f.observed, f.message).to.equal(f.expected);
});

Then(
  "the DaemonSet {string}'s pods are new, one on each node it ran on",
  async function (this: LabWorld, name: string) {
    const before = JSON.parse(this.noted[`${name}/pods`] ?? '[]') as { name: string; node: string }[];
    const { pods } = await daemonSetPods(this.session.kube.apps, this.session.kube.core, NS, name);
    const after = pods.map((p) => ({ name: p.metadata?.name ?? '', node: p.spec?.nodeName ?? '' }));
    const f = await this.report(podsReplaced(`daemonset/${name}`, before, after));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);

Then(
  'every pod of the DaemonSet {string} has an address from the IP pool its ipv4pools annotation names',
  async function (this: LabWorld, name: string) {
    const { pods } = await daemonSetPods(this.session.kube.apps, this.session.kube.core, NS, name);
    const ipam = await readIpam(this.session);
    const annotated = pods.map((p) => ({
      name: p.metadata?.name ?? '',
      ip: p.status?.podIP ?? '',
      ...(p.metadata?.annotations?.[IPV4_POOLS] !== undefined ? { ipv4pools: p.metadata.annotations[IPV4_POOLS] } : {}),
    }));
    const f = await this.report(podsInAnnotatedPools(`daemonset/${name}`, annotated, ipam.pools));
    expect(f.observed, f.message).to.deep.equal(f.expected);
  },
);
