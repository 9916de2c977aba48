/** Bounded polling for eventually consistent state; returns the last observation either way. */
import { LabgateError } from './errors.ts';

/** Pods of the lab's workloads should be Running and Ready within this time. */
export const POD_READY_TIMEOUT_MS = 60_000;
/** EndpointSlices and Endpoints follow pod readiness within this time. */
export const ENDPOINTS_SETTLE_TIMEOUT_MS = 30_000;
export const POLL_INTERVAL_MS = 1_000;

/** The run's setting that shortens every settle wait, for a lab known to be settled (after its deploy waited). */
export const SETTLE_ENV = 'LABGATE_SETTLE_SECONDS';

/** The seconds LABGATE_SETTLE_SECONDS allows (undefined when unset); anything but a positive number is refused. */
export function settleSeconds(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[SETTLE_ENV]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new LabgateError(`${SETTLE_ENV} must be a positive number of seconds, not "${raw}"`);
  }
  return seconds;
}

/** How long a settle wait may last: its default, or less when the run allows less (LABGATE_SETTLE_SECONDS). */
export function settleBound(defaultMs: number, env: NodeJS.ProcessEnv = process.env): number {
  const seconds = settleSeconds(env);
  return seconds === undefined ? defaultMs : Math.min(defaultMs, seconds * 1000);
}

export interface WaitOutcome<T> {
  value: T;
  satisfied: boolean;
  waitedMs: number;
}

export async function waitUntil<T>(
  observe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = POLL_INTERVAL_MS,
): Promise<WaitOutcome<T>> {
  const start = Date.now();
  for (;;) {
    const value = await observe();
    const waitedMs = Date.now() - start;
    if (done(value)) return { value, satisfied: true, waitedMs };
    if (waitedMs + intervalMs > timeoutMs) return { value, satisfied: false, waitedMs };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
