/**
 * What a lab's deploy script does, read from its words: the Kind cluster and kubeconfig file it writes,
 * the topology it deploys, and the manifests it applies (a `for f in tools/*.yaml` loop included).
 */
import { applyTargets } from './manifests.ts';
import { isLiteral, optionValues, parseShell, type ShellCommand } from './shell.ts';

export interface DeployScript {
  file: string;
  commands: ShellCommand[];
  kubeconfig?: { file: string; cluster: string; line: number };
  clusters: Array<{ name: string; line: number }>; // Kind clusters the script names
  topologies: Array<{ file: string; line: number }>; // containerlab deploy -t FILE
  applied: Array<{ target: string; line: number }>; // files, folders, globs and URLs given to kubectl -f
}

export function readDeployScript(text: string, file: string): DeployScript {
  const commands = parseShell(text, 1, { mentions: /\b(kind|kubectl|containerlab|clab|for)\b/ });
  const script: DeployScript = { file, commands, clusters: [], topologies: [], applied: [] };
  const loops = new Map<string, string[]>(); // for VAR in WORDS
  for (const cmd of commands) {
    const [tool, a1, a2] = cmd.argv;
    if (tool === 'for' && cmd.argv[2] === 'in') loops.set(cmd.argv[1]!, cmd.argv.slice(3));
    if (tool === 'kind' && a1 === 'get' && a2 === 'kubeconfig') {
      const name = optionValues(cmd.argv, ['-n'], ['--name'])[0]?.value ?? 'kind';
      script.clusters.push({ name, line: cmd.line });
      const out = cmd.redirects.find((r) => r.op === '>' || r.op === '>>');
      if (out && isLiteral(out.target) && !script.kubeconfig)
        script.kubeconfig = { file: out.target, cluster: name, line: cmd.line };
    }
    if (tool === 'kind' && a1 === 'create' && a2 === 'cluster') {
      script.clusters.push({ name: optionValues(cmd.argv, ['-n'], ['--name'])[0]?.value ?? 'kind', line: cmd.line });
    }
    if ((tool === 'containerlab' || tool === 'clab') && a1 === 'deploy') {
      for (const v of optionValues(cmd.argv, ['-t'], ['--topo']))
        script.topologies.push({ file: v.value, line: cmd.line });
    }
    for (const target of applyTargets(cmd)) {
      const loopVar = /^\$\{?(\w+)\}?$/.exec(target)?.[1];
      const targets = loopVar && loops.has(loopVar) ? loops.get(loopVar)! : [target];
      for (const t of targets) script.applied.push({ target: t, line: cmd.line });
    }
  }
  return script;
}
