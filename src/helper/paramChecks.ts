// The one place where a request's parameters, as they came off the wire, become typed: main.ts
// passes every request through here before its handler runs and so before anything reaches the UI
// thread. Per-method checks belong here; until they are written, the UI thread's handlers
// (uiRequests.ts) check window ids and URLs themselves.
import type { RequestMap, RequestName } from '../protocol';

export function checkParams<M extends RequestName>(_method: M, params: unknown): RequestMap[M]['params'] {
  return params as RequestMap[M]['params'];
}
