// The JSON-RPC envelope, checked before vscode-jsonrpc sees a message. The library trusts what
// arrives: a `$/cancelRequest` without an id (params missing, null, 7, []) throws inside its IPC
// callback, and a second cancel of a request in flight throws `this._token.cancel is not a
// function`; either ends or silences the helper. Only what the helper can serve passes: requests
// with a method and a usable id, and each request's first well-formed cancel. A request with a
// usable id but a broken envelope is answered with "invalid request"; everything else is dropped
// and logged.
import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type ResponseMessage } from 'vscode-jsonrpc/node';

export const CANCEL_METHOD = '$/cancelRequest';
/** JSON-RPC's code for a message that is not a valid request. */
export const INVALID_REQUEST = -32600;
const MAX_ID_LENGTH = 256;
const MAX_METHOD_LENGTH = 256;
/** How many cancelled ids are remembered, to drop a repeated cancel (oldest forgotten first). */
const REMEMBERED_CANCELS = 1024;

export type Verdict =
  | { pass: Message }
  | { drop: string; reply?: ResponseMessage };

export class EnvelopeFilter {
  private readonly cancelled = new Set<string | number>();

  check(message: unknown): Verdict {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return { drop: `not a JSON-RPC message: ${describe(message)}` };
    }
    const m = message as Record<string, unknown>;
    const id = m.id;
    const usableId = isUsableId(id);
    const invalid = (why: string): Verdict => (usableId
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
    return { pass: message as Message };
  }

  private notification(method: string, params: unknown): Verdict {
    if (method !== CANCEL_METHOD) return { drop: `notification ${method}: the helper handles none but ${CANCEL_METHOD}` };
    const id = (params as { id?: unknown } | undefined)?.id;
    if (Array.isArray(params) || !isUsableId(id)) return { drop: `${CANCEL_METHOD} without the id of a request` };
    if (this.cancelled.has(id)) return { drop: `${CANCEL_METHOD} repeated for request ${id}` };
    this.cancelled.add(id);
    if (this.cancelled.size > REMEMBERED_CANCELS) this.cancelled.delete(this.cancelled.values().next().value as string | number);
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
  private readonly filter = new EnvelopeFilter();

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
