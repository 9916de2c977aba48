/** What running one command (on the host, a node or in a pod) gave: the shared kind every reader reports. */
export interface CommandResult {
  command: string[];
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  timedOut: boolean;
  /** set when the program itself could not be started (ENOENT, ...) */
  spawnError?: string;
}
