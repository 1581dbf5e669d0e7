// Waiting in tests for something that becomes true, with a deadline that names what was awaited.
export interface UntilOptions {
  /** How long to wait between looks (default 50 ms). */
  intervalMs?: number;
  /** Treat a probe that throws as "not yet" and name its last error at the deadline (a page
   *  element that is not there yet); by default a throw ends the wait at once. */
  retryErrors?: boolean;
}

export async function until<T>(
  what: string,
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 15000,
  options: UntilOptions = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: Error | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      if (!options.retryErrors) throw err;
      last = err as Error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${timeoutMs} ms)${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}
