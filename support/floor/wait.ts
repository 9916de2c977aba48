/** Bounded polling for eventually consistent state; returns the last observation either way. */

/** Pods of the lab's workloads should be Running and Ready within this time. */
export const POD_READY_TIMEOUT_MS = 60_000;
/** EndpointSlices and Endpoints follow pod readiness within this time. */
export const ENDPOINTS_SETTLE_TIMEOUT_MS = 30_000;
export const POLL_INTERVAL_MS = 1_000;

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
