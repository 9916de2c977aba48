/**
 * Lab or twin: the one place that decides. A configured lab is tested as it is (a problem with it is an error,
 * never a fallback); with none configured, the lab's twin stands in and the first console line says so.
 */
import { chooseLab, type Lab } from '../../support/lab/catalog.ts';
import type { Target } from '../../support/lab/target.ts';

/** The lab a twin command works on, from --lab or the default choice. */
export function twinLab(requested: string | undefined): string {
  return chooseLab(requested, process.env, process.cwd()).name;
}

export interface ChosenTarget {
  target: Target;
  note: string;
  startTwin?: () => Promise<void>;
}

/** live: the scenarios read the lab; after-destroy: what a destroyed lab left; dry-run: nothing is read. */
export type RunKind = 'live' | 'after-destroy' | 'dry-run';

export async function chooseTarget(lab: Lab, kind: RunKind): Promise<ChosenTarget> {
  const { inspectionTarget, makeTarget, resolveLabTarget } = await import('../../support/lab/target.ts');
  if (kind === 'after-destroy') {
    return {
      target: inspectionTarget(lab, process.env, process.cwd()),
      note: 'checking what the destroyed lab left behind',
    };
  }
  if (kind === 'dry-run') {
    return {
      target: inspectionTarget(lab, process.env, process.cwd()),
      note: 'dry run: the steps are matched, nothing is read from the lab and no twin is started',
    };
  }
  const { ensureTwin, isAnyTwinKubeconfig, twinConnection } = await import('../../twin/index.ts');
  // a twin's kubeconfig left by another lab of the same cluster name is no lab configured: that twin is replaced
  const configured = resolveLabTarget(lab, process.env, process.cwd(), isAnyTwinKubeconfig);
  if (configured.kind === 'lab') return { target: configured.target, note: '' };
  const where = twinConnection(lab);
  return {
    target: makeTarget(lab, 'twin', where.kubeconfigPath, where.context, process.env),
    note: `no lab configured (${configured.reason}), using the built-in twin`,
    startTwin: async () => {
      const t0 = Date.now();
      const twin = await ensureTwin(lab, (line) =>
        console.error(line.startsWith('labgate: ') ? line : `labgate: twin: ${line}`),
      );
      if (!twin.reused) console.log(`labgate: twin started in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
  };
}
