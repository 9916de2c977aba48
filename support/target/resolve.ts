/** Lab or twin: the one decision, taken the same way by the run wrapper and by hooks run without it. */
import { ensureTwin, isTwinKubeconfig } from '../../twin/index.ts';
import { LAB_NAME, makeTarget, resolveLabTarget, type Env, type Target } from './target.ts';

export interface ResolvedTarget {
  target: Target;
  /** why the twin was used, when it was */
  twinReason?: string;
}

export async function resolveTarget(
  env: Env = process.env,
  cwd: string = process.cwd(),
  log: (line: string) => void = () => {},
): Promise<ResolvedTarget> {
  const lab = resolveLabTarget(env, cwd, isTwinKubeconfig);
  if (lab.kind === 'lab') return { target: lab.target };
  const twin = await ensureTwin(LAB_NAME, log);
  return { target: makeTarget('twin', twin.kubeconfigPath, twin.context, env), twinReason: lab.reason };
}
