/** The one description of "which lab are we checking", shared by the run wrapper, the hooks and the report. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import type { Lab } from './catalog.ts';

/** What a target needs of its lab: names from the descriptor, carried with the target to the hooks. */
export type LabRef = Pick<Lab, 'name' | 'cluster' | 'namespaces' | 'words' | 'featuresDir'>;

/** The env var the run wrapper uses to hand the target to cucumber-js. */

export type TargetSource = 'lab' | 'twin';

export interface Target {
  labName: string;
  /** the lab's namespaces (names in features are looked up there, in order) and its own words */
  namespaces: string[];
  words: LabRef['words'];
  featuresDir: string;
  source: TargetSource;
  kubeconfigPath: string;
  context: string;
  clusterName: string;
  topologyFile?: string;
  description: string;
}

export type Env = Record<string, string | undefined>;

/** The result of looking at the environment: a configured lab, or the reason there is none. */
export type LabResolution = { kind: 'lab'; target: Target } | { kind: 'none'; reason: string };

/** Which kubeconfig file the user pointed at, and how; undefined when nothing points anywhere. */
export function configuredKubeconfig(env: Env, cwd: string): { path: string; from: string } | undefined {
  if (env.LABGATE_KUBECONFIG) return { path: path.resolve(cwd, env.LABGATE_KUBECONFIG), from: 'LABGATE_KUBECONFIG' };
  if (env.KUBECONFIG) {
    // KUBECONFIG may list several files; labgate reads the first one.
    const first = env.KUBECONFIG.split(path.delimiter).find((p) => p.length > 0);
    if (first) return { path: path.resolve(cwd, first), from: 'KUBECONFIG' };
  }
  return undefined;
}

/**
 * Finds the lab the user configured. With LABGATE_KUBECONFIG/KUBECONFIG set, or the kubeconfig the lab's
 * deploy script writes present in the working directory, the answer is that lab, and any problem with it is an error
 * (never a silent fallback). Otherwise the answer is 'none' and the caller may use the twin.
 */
export function resolveLabTarget(
  lab: LabRef,
  env: Env,
  cwd: string,
  isTwinKubeconfig: (p: string) => boolean,
): LabResolution {
  const explicit = configuredKubeconfig(env, cwd);
  let kubeconfigPath: string;
  let origin: string;
  if (explicit) {
    kubeconfigPath = explicit.path;
    origin = explicit.from;
  } else {
    const file = lab.cluster.kubeconfig;
    const local = path.resolve(cwd, file);
    if (!existsSync(local)) return { kind: 'none', reason: `no LABGATE_KUBECONFIG/KUBECONFIG and no ./${file}` };
    if (isTwinKubeconfig(local)) return { kind: 'none', reason: `./${file} belongs to the twin` };
    kubeconfigPath = local;
    origin = `./${file}`;
  }
  const context = env.LABGATE_CONTEXT || currentContextOf(kubeconfigPath, origin);
  // An explicit kubeconfig is never swapped for the twin, but the report says so when it is the twin's.
  return {
    kind: 'lab',
    target: makeTarget(
      lab,
      explicit && isTwinKubeconfig(kubeconfigPath) ? 'twin' : 'lab',
      kubeconfigPath,
      context,
      env,
    ),
  };
}

/** The target for a lab that may already be gone (the @after-destroy checks): nothing is read. */
export function inspectionTarget(lab: LabRef, env: Env, cwd: string): Target {
  const explicit = configuredKubeconfig(env, cwd);
  const kubeconfigPath = explicit?.path ?? path.resolve(cwd, lab.cluster.kubeconfig);
  const context = env.LABGATE_CONTEXT || (env.LABGATE_CLUSTER ? `kind-${env.LABGATE_CLUSTER}` : lab.cluster.context);
  return makeTarget(lab, 'lab', kubeconfigPath, context, env);
}

export function makeTarget(
  lab: LabRef,
  source: TargetSource,
  kubeconfigPath: string,
  context: string,
  env: Env,
): Target {
  const base: Omit<Target, 'description'> = {
    labName: lab.name,
    namespaces: lab.namespaces,
    words: lab.words,
    featuresDir: lab.featuresDir,
    source,
    kubeconfigPath,
    context,
    clusterName: env.LABGATE_CLUSTER || lab.cluster.name,
  };
  if (env.LABGATE_TOPOLOGY) base.topologyFile = env.LABGATE_TOPOLOGY;
  return { ...base, description: describe(base) };
}

function describe(t: Omit<Target, 'description'>): string {
  const where = `kubeconfig ${displayPath(t.kubeconfigPath)}, context ${t.context}`;
  const topology = t.topologyFile ? `, topology ${displayPath(t.topologyFile)}` : '';
  return `${t.labName} on ${t.source} (${where}${topology})`;
}

export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `./${rel}` : p;
}

/**
 * The kubeconfig's current-context; for a missing file a placeholder, so the target can still be named (the preflight
 * reports the file).
 */
function currentContextOf(kubeconfigPath: string, origin: string): string {
  if (!existsSync(kubeconfigPath)) return `(unknown: ${origin} names a missing file)`;
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(kubeconfigPath);
  } catch (err) {
    throw new LabgateError(
      `kubeconfig ${kubeconfigPath} cannot be read: ${firstLine(err)}`,
      'check that the file is a valid kubeconfig',
    );
  }
  const current = kc.getCurrentContext();
  if (!current) {
    throw new LabgateError(
      `kubeconfig ${kubeconfigPath} has no current-context`,
      'set LABGATE_CONTEXT to one of its contexts',
    );
  }
  return current;
}

/**
 * The target `labgate run` handed to cucumber as a world parameter (`worldParameters.target`), checked once;
 * undefined when cucumber-js was started directly.
 */
export function handedTarget(parameters: unknown): Target | undefined {
  const handed = (parameters as { target?: unknown } | undefined)?.target;
  if (handed === undefined) return undefined;
  if (!isTarget(handed)) {
    throw new LabgateError('the world parameter "target" does not describe a target', 'leave it to `labgate run`');
  }
  return handed;
}

function isTarget(v: unknown): v is Target {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return (
    typeof t.labName === 'string' &&
    Array.isArray(t.namespaces) &&
    typeof t.words === 'object' &&
    t.words !== null &&
    typeof t.featuresDir === 'string' &&
    (t.source === 'lab' || t.source === 'twin') &&
    typeof t.kubeconfigPath === 'string' &&
    typeof t.context === 'string' &&
    typeof t.clusterName === 'string' &&
    typeof t.description === 'string' &&
    (t.topologyFile === undefined || typeof t.topologyFile === 'string')
  );
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
