/**
 * A bounded capture on a container (`tcpdump ... -c N` under `timeout(1)`) while something else happens: the
 * capture starts, `startMs` later the action runs (the exec of tcpdump gives no sign of listening to wait for),
 * and once both are done the capture's output is returned. tcpdump ending on `-c` (0) or on its timeout (124,
 * fewer packets came: what was seen still counts) is a capture; anything else is a one-line error.
 */
import { LabgateError } from '../floor/errors.ts';
import type { CommandResult } from '../floor/command.ts';
import { commandFailure, runOnNode } from './nodeRunner.ts';

export async function captureOnContainerDuring<T>(
  container: string,
  iface: string,
  argv: string[],
  timeoutMs: number,
  startMs: number,
  action: () => Promise<T>,
): Promise<{ result: CommandResult; during: T }> {
  const capturing = runOnNode(container, argv, timeoutMs);
  await new Promise((r) => setTimeout(r, startMs));
  const during = await action();
  const result = await capturing;
  if (result.spawnError || (result.exitCode !== 0 && result.exitCode !== 124))
    throw new LabgateError(`tcpdump on ${container} ${iface} failed: ${commandFailure(result)}`);
  return { result, during };
}
