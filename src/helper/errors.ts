// Errors raised on the UI thread that travel to the client with a JSON-RPC code and typed data.
import {
  ErrorCodes, type Diagnosis, type EngineErrorData, type ErrorCode, type HelperErrorData, type WaitErrorData, type WaitStrategy,
} from '../protocol';

export class HelperError extends Error {
  constructor(message: string, readonly code: ErrorCode, readonly data?: HelperErrorData) {
    super(message);
  }
}

export class WaitTimeoutError extends HelperError {
  constructor(site: string, strategy: WaitStrategy, diagnosis: Diagnosis, elapsedMs: number) {
    const why = diagnosis === 'lost-wakeup'
      ? 'the completion arrived but the wait never returned (lost wake-up)'
      : diagnosis === 'posted-not-dispatched'
        ? 'posted messages waited in the queue and the wait did not dispatch them (posted, not dispatched)'
        : 'the completion never arrived (no answer)';
    const data: WaitErrorData = { type: 'WaitTimeout', site, strategy, diagnosis, elapsedMs: Math.round(elapsedMs) };
    super(`${site} (${strategy} wait) passed its deadline after ${Math.round(elapsedMs)} ms: ${why}`, ErrorCodes.waitTimeout, data);
  }
}

export class ReentrancyError extends HelperError {
  constructor(site: string, strategy: WaitStrategy, callback: string) {
    const data: WaitErrorData = { type: 'Reentrancy', site, strategy, diagnosis: 'reentrancy', elapsedMs: 0 };
    super(`${site} refused: a wait cannot start inside the engine callback ${callback}; the engine delivers nothing until that callback returns`, ErrorCodes.reentrancy, data);
  }
}

export class EngineError extends HelperError {
  constructor(site: string, code: string, message: string) {
    const data: EngineErrorData = { type: 'EngineError', code, site };
    super(`${site} failed: ${message} (${code})`, ErrorCodes.engine, data);
  }
}

export class InvalidInputError extends HelperError {
  /** `field` names the parameter at fault, when there is one. */
  constructor(message: string, field?: string) {
    super(message, ErrorCodes.invalidInput, field === undefined ? undefined : { type: 'InvalidInput', field });
  }
}

export class UnknownWindowError extends HelperError {
  constructor(windowId: number) {
    super(`no window ${windowId}: it was closed or never existed`, ErrorCodes.unknownWindow);
  }
}
