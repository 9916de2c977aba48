/**
 * Where the text says the cluster is, against what the deploy script makes: the KUBECONFIG path (file name,
 * and the lab folder it sits in, since the script writes it in its own folder), `--kubeconfig` values,
 * kubectl contexts (`kind-<cluster>`) and Kind cluster names. Also `cd` into a course path that names another
 * folder than this lab's.
 */
import path from 'node:path';
import type { Finding } from '../finding.ts';
import type { LabModel } from '../lab.ts';
import { isLiteral, optionValues, type ShellCommand } from '../shell.ts';
import { finding, quoteCommand, type Rule } from './rule.ts';

const PWD = /^(\$\(pwd\)|\$PWD|\$\{PWD\}|\.)\//;

export const kubeconfigDrift: Rule = (lab) => {
  const out: Finding[] = [];
  const written = lab.deploy?.kubeconfig;
  const clusters = new Set(lab.clusters.map((c) => c.name).concat(lab.deploy?.clusters.map((c) => c.name) ?? []));
  for (const cmd of hostCommands(lab)) {
    const values = [
      cmd.assignments.KUBECONFIG,
      ...optionValues(cmd.argv, [], ['--kubeconfig']).map((v) => v.value),
    ].filter((v): v is string => v !== undefined);
    for (const value of values) if (written) out.push(...checkPath(lab, cmd, value, written.file));
    if (cmd.argv[0] === 'kubectl' && clusters.size) {
      const contexts = optionValues(cmd.argv, [], ['--context']).map((v) => v.value);
      if (cmd.argv[1] === 'config' && ['use-context', 'use'].includes(cmd.argv[2] ?? '') && cmd.argv[3])
        contexts.push(cmd.argv[3]);
      for (const context of contexts.filter(isLiteral)) {
        if (![...clusters].some((c) => context === `kind-${c}`)) {
          const expected = [...clusters].map((c) => `kind-${c}`).join(' or ');
          out.push(
            finding(lab, {
              line: cmd.line,
              kind: 'kubeconfig',
              severity: 'error',
              message: `${quoteCommand(cmd.text)} uses context ${context}, but the lab's kubeconfig has ${expected}`,
              fix: `use --context ${[...clusters][0] ? `kind-${[...clusters][0]}` : ''}`,
            }),
          );
        }
      }
    }
    if (cmd.argv[0] === 'kind' && clusters.size && cmd.argv[1] !== 'create') {
      for (const { value } of optionValues(cmd.argv, ['-n'], ['--name'])) {
        if (isLiteral(value) && !clusters.has(value)) {
          out.push(
            finding(lab, {
              line: cmd.line,
              kind: 'kubeconfig',
              severity: 'error',
              message:
                `${quoteCommand(cmd.text)} names the Kind cluster ${value}, but the lab's cluster is ` +
                `${[...clusters].join(' or ')}`,
              fix: `use --name ${[...clusters][0]}`,
            }),
          );
        }
      }
    }
    if (cmd.argv[0] === 'cd' && cmd.argv[1]) {
      const wrong = courseFolderIn(cmd.argv[1], lab.name);
      if (wrong) {
        out.push(
          finding(lab, {
            line: cmd.line,
            kind: 'lab-folder',
            severity: 'warning',
            message: `${quoteCommand(cmd.text)} goes to a folder named ${wrong}, but this lab's folder is ${lab.name}`,
            fix: `cd into ${cmd.argv[1].replace(wrong, lab.name)}`,
          }),
        );
      }
    }
  }
  return out;
};

function hostCommands(lab: LabModel): ShellCommand[] {
  return lab.blocks
    .filter((b) => b.role === 'command')
    .flatMap((b) => b.commands.filter((c) => c.where.kind === 'host'));
}

function checkPath(lab: LabModel, cmd: ShellCommand, value: string, writtenFile: string): Finding[] {
  const rest = value.replace(PWD, '');
  if (!isLiteral(rest)) return [];
  const base = path.posix.basename(rest);
  if (base !== path.posix.basename(writtenFile)) {
    return [
      finding(lab, {
        line: cmd.line,
        kind: 'kubeconfig',
        severity: 'error',
        message: `${quoteCommand(cmd.text)} points at ${base}, but deploy.sh writes the kubeconfig to ${writtenFile}`,
        fix: `use ${value.slice(0, value.length - base.length)}${writtenFile}`,
      }),
    ];
  }
  // deploy.sh writes the file in its own folder: an absolute path must end in this lab's folder
  const dir = path.posix.basename(path.posix.dirname(rest));
  if (!PWD.test(value) && (rest.startsWith('/') || rest.startsWith('~')) && dir !== lab.name) {
    return [
      finding(lab, {
        line: cmd.line,
        kind: 'kubeconfig',
        severity: 'error',
        message:
          `${quoteCommand(cmd.text)} looks for the kubeconfig in a folder named ${dir}, but deploy.sh writes it ` +
          `in the lab folder ${lab.name}`,
        fix: `use $(pwd)/${writtenFile} from the lab folder, or a path ending in ${lab.name}/${writtenFile}`,
      }),
    ];
  }
  return [];
}

/** In a path through the course's `containerlab/` folder, the folder named after it when that is not this lab's. */
function courseFolderIn(target: string, labName: string): string | undefined {
  const parts = target.split('/');
  const i = parts.lastIndexOf('containerlab');
  const next = i >= 0 ? parts[i + 1] : undefined;
  return next && isLiteral(next) && next !== labName && !next.startsWith('[') ? next : undefined;
}
