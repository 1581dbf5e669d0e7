// Who takes a request first: the UI thread, to serve it, or the main thread, to cancel it when the
// UI thread has not picked it up by its deadline. One Int32 per request in flight in memory both
// threads share, decided by compare-and-exchange: a request reported cancelled never runs, and a
// request that runs is never reported cancelled, whatever batch its cancellation falls in.
// A slot holds 0 (free), seq (posted) or -seq (taken by the UI thread).

/** Requests that may be in flight at once; the bridge refuses more. */
export const MAX_IN_FLIGHT = 1024;

export function createClaimsBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(MAX_IN_FLIGHT * 4);
}

export class RequestClaims {
  private readonly slots: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.slots = new Int32Array(buffer);
  }

  /** Main thread, before posting: false when the slot is still held by a request 1024 older. */
  post(seq: number): boolean {
    return Atomics.compareExchange(this.slots, seq % MAX_IN_FLIGHT, 0, seq) === 0;
  }

  /** Main thread, at the deadline: true when the request was cancelled before the UI thread took it. */
  cancel(seq: number): boolean {
    return Atomics.compareExchange(this.slots, seq % MAX_IN_FLIGHT, seq, 0) === seq;
  }

  /** UI thread, before serving: true when the request is its to serve (false: it was cancelled). */
  take(seq: number): boolean {
    return Atomics.compareExchange(this.slots, seq % MAX_IN_FLIGHT, seq, -seq) === seq;
  }

  /** Main thread, once the request is answered or failed. */
  release(seq: number): void {
    Atomics.compareExchange(this.slots, seq % MAX_IN_FLIGHT, -seq, 0);
    Atomics.compareExchange(this.slots, seq % MAX_IN_FLIGHT, seq, 0);
  }
}
