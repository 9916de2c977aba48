import { LabgateError } from '../floor/errors.ts';

/** The one error of every reader: the command, and the first line (1-based) it could not read. */
export function unreadable(command: string, format: string, lineNo: number, line: string, why: string): LabgateError {
  const shown = line.trim().length > 80 ? `${line.trim().slice(0, 77)}...` : line.trim();
  return new LabgateError(
    `cannot read "${command}" (${format}): line ${lineNo} "${shown}" ${why}`,
    `paste the output of "${command}" as the router printed it`,
  );
}

/** The whole output could not be read (empty, or not the shape the command prints). */
export function unreadableWhole(command: string, format: string, why: string): LabgateError {
  return new LabgateError(
    `cannot read "${command}" (${format}): ${why}`,
    `paste the output of "${command}" as the router printed it`,
  );
}
