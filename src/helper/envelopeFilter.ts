// The JSON-RPC envelope, checked before vscode-jsonrpc sees a message. The library trusts what
// arrives: a `$/cancelRequest` without an id (params missing, null, 7, []) throws inside its IPC
// callback, and a second cancel of a request in flight throws `this._token.cancel is not a
// function`; either ends or silences the helper. A request whose id is already in flight would be
// run twice and answered twice under one id (or, still queued, replace the first, which then gets
// no answer at all). Only what the helper can serve passes: requests with a method and an id of
// their own, and each request's first well-formed cancel. A request with a usable id but a broken
// envelope or an id in use is answered with "invalid request"; everything else is dropped and
// logged. The filter learns that a request was answered from the writer (AnsweringWriter).
import {
  AbstractMessageReader, Message, type DataCallback, type Disposable, type MessageWriter, type ResponseMessage,
} from 'vscode-jsonrpc/node';

export const CANCEL_METHOD = '$/cancelRequest';
/** JSON-RPC's code for a message that is not a valid request. */
export const INVALID_REQUEST = -32600;
const MAX_ID_LENGTH = 256;
const MAX_METHOD_LENGTH = 256;

export type EnvelopeCheck =
  | { pass: Message }
  | { drop: string; reply?: ResponseMessage };

export class EnvelopeFilter {
  /**
   * Requests passed on and not yet answered, by the id's text (the library queues requests by it,
   * so 7 and "7" are one id to it), each with whether its cancel has passed.
   */
  private readonly inFlight = new Map<string, { cancelled: boolean }>();

  check(message: unknown): EnvelopeCheck {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return { drop: `not a JSON-RPC message: ${describe(message)}` };
    }
    const m = message as Record<string, unknown>;
    const id = m.id;
    const usableId = isUsableId(id);
    const invalid = (why: string): EnvelopeCheck => (usableId
      ? { drop: why, reply: { jsonrpc: '2.0', id: id as string | number, error: { code: INVALID_REQUEST, message: `invalid request: ${why}` } } }
      : { drop: why });
    if (m.jsonrpc !== '2.0') return invalid(`jsonrpc must be "2.0", not ${describe(m.jsonrpc)}`);
    if (!('method' in m)) return { drop: 'a response or a message without a method: the helper sends no requests' };
    if (typeof m.method !== 'string' || m.method.length === 0 || m.method.length > MAX_METHOD_LENGTH) {
      return invalid(`method must be a name, not ${describe(m.method)}`);
    }
    if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null)) {
      return invalid(`params must be an object or an array, not ${describe(m.params)}`);
    }
    if (id === undefined) return this.notification(m.method, m.params);
    if (!usableId) return { drop: `${m.method}: id must be a string or a whole number, not ${describe(id)}` };
    // Refused, not run: the first request of this id still gets its one answer.
    if (this.inFlight.has(String(id))) return invalid(`${m.method}: the id ${JSON.stringify(id)} is already in use by a request in flight; give each request an id of its own`);
    this.inFlight.set(String(id), { cancelled: false });
    return { pass: message as Message };
  }

  /** The response to the request of this id was written: the id is free again. */
  answered(id: unknown): void {
    if (isUsableId(id)) this.inFlight.delete(String(id));
  }

  private notification(method: string, params: unknown): EnvelopeCheck {
    if (method !== CANCEL_METHOD) return { drop: `notification ${method}: the helper handles none but ${CANCEL_METHOD}` };
    const id = (params as { id?: unknown } | undefined)?.id;
    if (Array.isArray(params) || !isUsableId(id)) return { drop: `${CANCEL_METHOD} without the id of a request` };
    // Remembered only while its request is in flight, so that this memory is bounded by them.
    const request = this.inFlight.get(String(id));
    if (!request) return { drop: `${CANCEL_METHOD} of no request ${id} in flight` };
    if (request.cancelled) return { drop: `${CANCEL_METHOD} repeated for request ${id}` };
    request.cancelled = true;
    return { pass: { jsonrpc: '2.0', method, params: { id } } as Message };
  }
}

function isUsableId(id: unknown): id is string | number {
  return (typeof id === 'string' && id.length <= MAX_ID_LENGTH) || (typeof id === 'number' && Number.isSafeInteger(id));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'nothing' : String(value);
}

/** The process's IPC channel as a message reader that passes only what the filter lets through. */
export class FilteredIpcReader extends AbstractMessageReader {
  readonly filter = new EnvelopeFilter();

  constructor(
    private readonly channel: NodeJS.Process,
    private readonly onDrop: (why: string, reply?: ResponseMessage) => void,
  ) {
    super();
    channel.on('error', (error: Error) => this.fireError(error));
    channel.on('disconnect', () => this.fireClose());
  }

  listen(callback: DataCallback): Disposable {
    const onMessage = (message: unknown): void => {
      const verdict = this.filter.check(message);
      if ('pass' in verdict) callback(verdict.pass);
      else this.onDrop(verdict.drop, verdict.reply);
    };
    this.channel.on('message', onMessage);
    return { dispose: () => void this.channel.off('message', onMessage) };
  }
}

/**
 * The connection's writer, telling the filter which requests it answered. Only the connection's
 * own responses go through it: the filter's "invalid request" answers to a duplicate id must not
 * free the id of the request still in flight.
 */
export class AnsweringWriter implements MessageWriter {
  constructor(private readonly inner: MessageWriter, private readonly filter: Pick<EnvelopeFilter, 'answered'>) {}

  get onError(): MessageWriter['onError'] { return this.inner.onError; }
  get onClose(): MessageWriter['onClose'] { return this.inner.onClose; }

  write(message: Message): Promise<void> {
    if (Message.isResponse(message)) this.filter.answered(message.id);
    return this.inner.write(message);
  }

  end(): void { this.inner.end(); }
  dispose(): void { this.inner.dispose(); }
}
