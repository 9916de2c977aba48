/** Where the twin keeps its plan, certificates, runtime facts and logs. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TwinPlan } from '../plan.ts';
import type { TwinPki } from '../api/pki.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TwinRuntime {
  pid: number;
  port: number;
  startedAt: string;
  ready: boolean; // first kube-proxy sync done and every pod Ready
  error?: string;
}

/** Whether a process of ours (the control plane daemon) still runs. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class TwinState {
  readonly dir: string;

  constructor(readonly lab: string) {
    this.dir = join(PROJECT_ROOT, '.labgate', 'twin', lab);
  }

  path(
    file:
      | 'plan.json'
      | 'pki.json'
      | 'runtime.json'
      | 'api.log'
      | 'requests.log'
      | 'controllers.json'
      | 'dns.json'
      | 'ipam.json'
      | 'objects.json'
      | 'pods.json'
      | 'daemonsets.json'
      | 'deployments.json'
      | 'statefulsets.json',
  ): string {
    return join(this.dir, file);
  }

  /** The twin writes its kubeconfig where the lab's deploy script writes its own (the descriptor's file name). */
  static kubeconfigPath(file: string): string {
    return resolve(PROJECT_ROOT, file);
  }

  read<T>(file: Parameters<TwinState['path']>[0]): T | undefined {
    const p = this.path(file);
    if (!existsSync(p)) return undefined;
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  write(file: Parameters<TwinState['path']>[0], value: unknown): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.path(file), JSON.stringify(value, null, 1), { mode: 0o600 });
  }

  plan(): TwinPlan | undefined {
    return this.read<TwinPlan>('plan.json');
  }

  pki(): TwinPki | undefined {
    return this.read<TwinPki>('pki.json');
  }

  runtime(): TwinRuntime | undefined {
    return this.read<TwinRuntime>('runtime.json');
  }
}
