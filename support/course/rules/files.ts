/**
 * Files the text's commands read on the lab host that the lab folder does not have: topology files given
 * to containerlab, manifests given to kubectl, scripts run or made executable, manifests and scripts shown
 * with cat or copied. Files an earlier command of the text writes (a redirect, cp, curl -o) count as present.
 * Commands typed inside a pod or node shell are not checked.
 */
import path from 'node:path';
import { closest } from '../closest.ts';
import type { Finding } from '../finding.ts';
import type { LabModel } from '../lab.ts';
import { isLiteral, optionValues, type ShellCommand } from '../shell.ts';
import { finding, quoteCommand, type Rule } from './rule.ts';

const CHECKED_EXT = /\.(ya?ml|json|sh|conf|config|kubeconfig|md)$/i;

export const missingFiles: Rule = (lab) => {
  const out: Finding[] = [];
  const created = new Set<string>();
  let cwd = lab.folder.dir;
  for (const block of lab.blocks) {
    if (block.role !== 'command') continue;
    for (const cmd of block.commands) {
      if (cmd.where.kind !== 'host') continue;
      if (cmd.argv[0] === 'cd') {
        cwd = nextCwd(lab, cwd, cmd.argv[1]);
        continue;
      }
      for (const p of readPaths(cmd)) {
        if (!isLiteral(p) || p.startsWith('/') || p.startsWith('~') || /^https?:/.test(p) || p === '-') continue;
        const abs = path.resolve(cwd, p);
        if (created.has(abs) || !lab.folder.inside(abs) || lab.folder.exists(abs)) continue;
        const dir = path.dirname(abs);
        const near = closest(path.basename(p), lab.folder.list(dir));
        const where = dir === lab.folder.dir ? 'the lab folder' : `${lab.folder.rel(dir) || '.'}/`;
        out.push(
          finding(lab, {
            line: cmd.line,
            kind: 'missing-file',
            severity: 'error',
            message:
              `${quoteCommand(cmd.text)} needs ${p}, but ${where} has no such ` +
              `file${near ? ` (it has ${near})` : ''}`,
            fix: near ? `use ${path.join(path.dirname(p), near).replace(/^\.\//, '')}` : undefined,
          }),
        );
      }
      for (const p of writtenPaths(cmd, cwd)) created.add(p);
    }
  }
  return out;
};

/** Paths a command reads from the lab folder. */
function readPaths(cmd: ShellCommand): string[] {
  const [tool, verb] = cmd.argv;
  const args = cmd.argv.slice(1).filter((w) => !w.startsWith('-'));
  if (tool === 'kubectl' && ['apply', 'create', 'delete', 'replace', 'diff'].includes(verb ?? '')) {
    return optionValues(cmd.argv, ['-f', '-k'], ['--filename', '--kustomize']).map((v) => v.value);
  }
  if (tool === 'containerlab' || tool === 'clab') {
    const flagged = optionValues(cmd.argv, ['-t'], ['--topo']).map((v) => v.value);
    return flagged.length ? flagged : args.slice(1).filter((a) => /\.clab\.ya?ml$/.test(a));
  }
  if (tool?.startsWith('./')) return [tool];
  if (tool === 'chmod') return args.slice(1);
  if (tool === 'bash' || tool === 'sh' || tool === 'source' || tool === '.')
    return args.slice(0, 1).filter((a) => CHECKED_EXT.test(a));
  if (tool === 'cat' || tool === 'less' || tool === 'more') return args.filter((a) => CHECKED_EXT.test(a));
  if (tool === 'cp') return args.slice(0, -1).filter((a) => CHECKED_EXT.test(a));
  return [];
}

/** Files a command writes, as absolute paths. */
function writtenPaths(cmd: ShellCommand, cwd: string): string[] {
  const out = cmd.redirects.filter((r) => r.op === '>' || r.op === '>>').map((r) => r.target);
  const [tool] = cmd.argv;
  const args = cmd.argv.slice(1).filter((w) => !w.startsWith('-'));
  if (tool === 'cp' && args.length >= 2) {
    const dest = args[args.length - 1]!;
    for (const src of args.slice(0, -1))
      out.push(dest === '.' || dest.endsWith('/') ? path.join(dest, path.basename(src)) : dest);
  }
  if (tool === 'tee' || tool === 'touch') out.push(...args);
  if (tool === 'curl') out.push(...optionValues(cmd.argv, ['-o'], ['--output']).map((v) => v.value));
  if (tool === 'wget') out.push(...optionValues(cmd.argv, ['-O'], ['--output-document']).map((v) => v.value));
  return out.filter(isLiteral).map((p) => path.resolve(cwd, p));
}

/** A `cd` into a folder of the lab moves there; any other `cd` is taken as going to the lab folder. */
function nextCwd(lab: LabModel, cwd: string, target: string | undefined): string {
  if (target && isLiteral(target) && !target.startsWith('/') && !target.startsWith('~')) {
    const abs = path.resolve(cwd, target);
    if (lab.folder.isDir(abs) && lab.folder.rel(abs).split('/')[0] !== '..') return abs;
  }
  return lab.folder.dir;
}
