// The one place where a request's parameters, as they came off the wire, become typed: main.ts
// passes every request through here before its handler runs, and so before anything reaches the
// UI thread or a native call. The checks themselves are the protocol's table (protocolSchema.ts).
import type { RequestMap, RequestName } from '../protocol';
import { requestSchemas } from '../protocolSchema';
import { FieldError } from '../schema';
import { InvalidInputError } from './errors';

export function checkParams<M extends RequestName>(method: M, params: unknown): RequestMap[M]['params'] {
  const check = requestSchemas[method] as (value: unknown, field: string) => RequestMap[M]['params'];
  try {
    return check(params, '');
  } catch (err) {
    if (err instanceof FieldError) {
      const field = err.field || 'params';
      throw new InvalidInputError(`${method}: ${field} ${err.problem}`, field);
    }
    throw err;
  }
}
