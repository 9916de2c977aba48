/** A file of the lab's course folder, as a scenario applies it: the descriptor names the folder. */
import path from 'node:path';
import { LabgateError } from '../floor/errors.ts';
import { loadLab } from '../lab/catalog.ts';

export function courseFile(labName: string, file: string): string {
  const lab = loadLab(labName);
  if (!lab.courseDir) {
    throw new LabgateError(
      `the course folder of ${labName} is not on this machine, so its manifest ${file} cannot be applied`,
      'check course.dir in its lab.yaml',
    );
  }
  const full = path.resolve(lab.courseDir, file);
  if (!full.startsWith(`${lab.courseDir}${path.sep}`))
    throw new LabgateError(`${file} is outside the lab's course folder`);
  return full;
}

/** The lab's text (its README), as the descriptor names it. */
export function courseText(labName: string): string {
  const lab = loadLab(labName);
  if (!lab.textFile) {
    throw new LabgateError(
      `the course text of ${labName} is not on this machine, so the change it shows cannot be read`,
      'check course.dir and course.text in its lab.yaml',
    );
  }
  return lab.textFile;
}
