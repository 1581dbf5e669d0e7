// Waiting with a time limit without keeping the process alive: a timer left pending after the race
// is decided keeps Node running until it fires, which is how every CLI command once exited seconds
// after printing its result.

/** The promise's value, or `fallback` once `ms` have passed; the timer is cleared either way. */
export async function within<T, F = undefined>(promise: Promise<T>, ms: number, fallback?: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => { timer = setTimeout(() => resolve(fallback as F), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
