// What a request to the helper can fail with, told apart by class: the helper's own error (with
// its code and typed data), the helper gone, or no answer within the request's deadline.
import { WAIT_ERROR_CODES, type HelperErrorData, type HelperSettings, type WaitErrorData } from '../protocol';

/** How long a request may take in all: longer than a wait for the UI thread plus its own wait. */
export function requestDeadlineMs(settings: HelperSettings): number {
  return 2 * settings.waitDeadlineMs + 10_000;
}

/** A request the helper answered with an error, with its JSON-RPC code (ErrorCodes) and typed data. */
export class HelperRequestError extends Error {
  constructor(readonly method: string, readonly code: number, message: string, readonly data?: HelperErrorData) {
    super(message);
  }

  /** The data of a failed wait (timed out, not picked up, refused), chosen by the code. */
  get waitData(): WaitErrorData | undefined {
    const data = this.data;
    return WAIT_ERROR_CODES.some((c) => c === this.code) && data !== undefined && data.type !== 'EngineError' && data.type !== 'InvalidInput' ? data : undefined;
  }

  /** The parameter a request was refused for (invalidInput), as a path like "cookie.name". */
  get field(): string | undefined {
    return this.data?.type === 'InvalidInput' ? this.data.field : undefined;
  }
}

/** The helper process ended while a request was in flight (or could not start). */
export class HelperCrashedError extends Error {}

/** A request had no answer within its deadline (requestDeadlineMs). */
export class HelperTimeoutError extends Error {
  constructor(readonly method: string, readonly deadlineMs: number) {
    super(`${method} had no answer from the helper within ${deadlineMs} ms`);
  }
}
