/**
 * The changes a @mutating scenario makes to the lab, through the Kubernetes API as a student's kubectl would make
 * them, each with what undoes it: an object the scenario created is deleted (and waited for), an object it changed or
 * deleted is put back as it was. The After hook undoes them in reverse order, whatever happened, and says what it
 * could not undo.
 */
import { readFileSync } from 'node:fs';
import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { LabgateError } from '../floor/errors.ts';
import { settleBound } from '../floor/wait.ts';

type Obj = KubernetesObject & { metadata: { name: string; namespace?: string } };

interface Undo {
  what: string;
  run(): Promise<void>;
  /** deletes an object the scenario created: such undos side by side may run together */
  deletesCreated?: boolean;
}

const GONE_WAIT_MS = 60_000;
/** how often a deleted object is looked for until it is gone */
const GONE_POLL_MS = 200;

function statusCode(err: unknown): number | undefined {
  const e = err as { code?: number; statusCode?: number; response?: { statusCode?: number } };
  return e?.code ?? e?.statusCode ?? e?.response?.statusCode;
}

function describe(o: Obj): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/** What to send to put an object back: its content, less what the server owns. */
function asWritten(o: Obj): Obj {
  const {
    resourceVersion: _rv,
    uid: _uid,
    creationTimestamp: _c,
    managedFields: _m,
    ...metadata
  } = o.metadata as Obj['metadata'] & Record<string, unknown>;
  const { status: _s, ...rest } = o as Obj & { status?: unknown };
  return { ...rest, metadata } as Obj;
}

/** The objects of a manifest file (every YAML document with a kind). */
export function readManifest(file: string, namespace = 'default'): Obj[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LabgateError(`the lab's manifest ${file} cannot be read`, 'check the course folder named in lab.yaml');
  }
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => Boolean(o?.kind && o.metadata?.name))
    .map((o) =>
      o.kind === 'Pod' || o.kind === 'ConfigMap' || o.kind === 'Service'
        ? { ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? namespace } }
        : o,
    );
}

export class LabChanges {
  private readonly undos: Undo[] = [];
  private readonly api: KubernetesObjectApi;

  constructor(kc: KubeConfig) {
    this.api = KubernetesObjectApi.makeApiClient(kc);
  }

  get pending(): number {
    return this.undos.length;
  }

  private async read(o: Obj): Promise<Obj | undefined> {
    try {
      return (await this.api.read(o as Parameters<KubernetesObjectApi['read']>[0])) as Obj;
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw err;
    }
  }

  /** Waits until the object is gone (a pod is gone once it is off its node). */
  async waitGone(o: Obj, ms = settleBound(GONE_WAIT_MS)): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!(await this.read(o))) return;
      await new Promise((r) => setTimeout(r, GONE_POLL_MS));
    }
    throw new LabgateError(`${describe(o)} was still there ${ms / 1000} s after its deletion`);
  }

  /** `kubectl apply` of one object: created when absent (undo: delete), else replaced (undo: put back). */
  async apply(o: Obj): Promise<void> {
    const before = await this.read(o);
    if (!before) {
      await this.api.create(o);
      this.undos.push({
        what: `delete ${describe(o)}, which the scenario created`,
        deletesCreated: true,
        run: async () => {
          if (await this.read(o))
            await this.api.delete(o).catch((e) => (statusCode(e) === 404 ? undefined : Promise.reject(e)));
          await this.waitGone(o);
        },
      });
      return;
    }
    await this.api.replace({
      ...o,
      metadata: { ...o.metadata, resourceVersion: before.metadata.resourceVersion },
    } as Obj);
    this.undos.push({ what: `put ${describe(o)} back as it was`, run: () => this.putBack(before) });
  }

  /** `kubectl delete` of one object, waiting until it is gone (undo: create it again as it was). */
  async delete(o: Obj, goneWithinMs = settleBound(GONE_WAIT_MS)): Promise<void> {
    const before = await this.read(o);
    if (!before) throw new LabgateError(`${describe(o)} is not there to delete`);
    await this.api.delete(o);
    await this.waitGone(o, goneWithinMs);
    this.undos.push({ what: `create ${describe(o)} again as it was`, run: () => this.putBack(before) });
  }

  /**
   * `kubectl patch` of one object with a strategic-merge or merge patch (undo: put it back as it was, then
   * `settle`, as a workload put back rolls its pods again).
   */
  async patch(
    o: Obj,
    patch: unknown,
    type: 'strategic' | 'merge' | 'json',
    settle: () => Promise<void> = async () => {},
  ): Promise<void> {
    if (type === 'json' || typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new LabgateError(
        `a ${type} patch of ${describe(o)} is not applied by labgate yet (strategic or merge only)`,
      );
    }
    const before = await this.read(o);
    if (!before) throw new LabgateError(`${describe(o)} is not there to patch`);
    const strategy = type === 'merge' ? PatchStrategy.MergePatch : PatchStrategy.StrategicMergePatch;
    const own = (patch as { metadata?: Record<string, unknown> }).metadata ?? {};
    const body = { ...patch, apiVersion: o.apiVersion, kind: o.kind, metadata: { ...own, ...o.metadata } };
    await this.api.patch(body as Obj, undefined, undefined, 'kubectl-patch', undefined, strategy);
    this.undos.push({
      what: `put ${describe(o)} back as it was`,
      run: async () => {
        await this.putBack(before);
        await settle();
      },
    });
  }

  private async putBack(before: Obj): Promise<void> {
    const now = await this.read(before);
    const wanted = asWritten(before);
    if (!now) {
      // a pod keeps its scheduling (spec.nodeName) when it comes back, as its controller would not
      await this.api.create(wanted);
      return;
    }
    await this.api.replace({
      ...wanted,
      metadata: { ...wanted.metadata, resourceVersion: now.metadata.resourceVersion },
    } as Obj);
  }

  /** Undoes every change, newest first; returns what could not be undone (empty when all went back). */
  async restore(): Promise<string[]> {
    const failed: string[] = [];
    while (this.undos.length > 0) {
      // the objects the scenario created, newest first, go together: nothing it made depends on another's absence
      const batch = [this.undos.pop()!];
      while (batch[0]!.deletesCreated && this.undos.at(-1)?.deletesCreated) batch.push(this.undos.pop()!);
      const results = await Promise.allSettled(batch.map((u) => u.run()));
      results.forEach((r, i) => {
        if (r.status === 'rejected') failed.push(`${batch[i]!.what}: ${(r.reason as Error).message.split('\n')[0]}`);
      });
    }
    return failed;
  }
}
