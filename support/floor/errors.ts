/**
 * An error the user can act on: printed as one line, no stack trace, non-zero exit.
 * `hint` says where to look or what to do.
 */
export class LabgateError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'LabgateError';
  }

  oneLine(): string {
    return this.hint ? `${this.message} (${this.hint})` : this.message;
  }
}

export function describeError(err: unknown): string {
  if (err instanceof LabgateError) return err.oneLine();
  if (err instanceof Error) return err.message.split('\n')[0] ?? String(err);
  return String(err);
}
