/** `labgate lint` as a library: every rule over one lab folder, or over each lab folder of a course. */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { LabgateError } from '../floor/errors.ts';
import { compareFindings, type Finding } from './finding.ts';
import { LabFolder } from './folder.ts';
import { findTextFile, readLab } from './lab.ts';
import { kubeconfigDrift } from './rules/kubeconfig.ts';
import { brokenLinks } from './rules/links.ts';
import { missingFiles } from './rules/files.ts';
import { unknownNodes } from './rules/nodes.ts';
import { numberingGaps } from './rules/numbering.ts';
import { missingObjects } from './rules/objects.ts';
import { outputShapes } from './rules/outputShape.ts';
import type { Rule } from './rules/rule.ts';
import { versionDrift } from './rules/versions.ts';

export const RULES: readonly Rule[] = [
  missingFiles,
  brokenLinks,
  unknownNodes,
  kubeconfigDrift,
  missingObjects,
  outputShapes,
  versionDrift,
  numberingGaps,
];

export interface LintResult {
  labs: string[];
  findings: Finding[];
}

/**
 * Lint one lab folder. Paths may reach the course around it (its parent folder, when that has a README.md
 * of its own) and nothing beyond; a lab on its own is bounded by its own folder.
 */
export function lintLab(labDir: string, courseRoot?: string): Finding[] {
  const dir = requireFolder(labDir);
  const root = courseRoot ? path.resolve(courseRoot) : looksLikeCourse(path.dirname(dir)) ? path.dirname(dir) : dir;
  const folder = new LabFolder(root, dir);
  const textFile = findTextFile(folder);
  if (!textFile) throw new LabgateError(`no README.md in ${labDir}`, 'a lab folder holds its text as README.md');
  const lab = readLab(folder, textFile);
  const findings = RULES.flatMap((rule) => rule(lab));
  for (const note of folder.notes)
    findings.push({
      lab: lab.name,
      file: note.file,
      line: 1,
      kind: 'skipped',
      severity: 'info',
      message: `${note.file} ${note.reason}`,
    });
  return findings.sort(compareFindings);
}

/** Lint every lab folder (a sub-folder with a README.md) of a course folder. */
export function lintCourse(courseDir: string): LintResult {
  const root = requireFolder(courseDir);
  const labs = labFolders(root);
  if (!labs.length)
    throw new LabgateError(`no lab folder in ${courseDir}`, 'a course holds one folder per lab, each with a README.md');
  return { labs: labs.map((d) => path.basename(d)), findings: labs.flatMap((d) => lintLab(d, root)) };
}

export function labFolders(root: string): string[] {
  const course = new LabFolder(root, root);
  return course
    .list(root)
    .filter((n) => !n.startsWith('.'))
    .map((n) => path.join(root, n))
    .filter((d) => course.isDir(d) && findTextFile(new LabFolder(root, d)) !== undefined);
}

function looksLikeCourse(dir: string): boolean {
  const folder = new LabFolder(dir, dir);
  return folder.list(dir).some((n) => n.toLowerCase() === 'readme.md');
}

function requireFolder(dir: string): string {
  const abs = path.resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw new LabgateError(`${dir} does not exist`);
  }
  if (!isDir) throw new LabgateError(`${dir} is not a folder`);
  return realpathSync(abs);
}
