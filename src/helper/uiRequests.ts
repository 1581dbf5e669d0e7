// Dispatches one request on the UI thread to the backend, checking its parameters first.
import type {
  CreateEnvironmentParams, CreateWindowParams, DebugWaitParams, GetCookiesParams, HelperSettings,
  NavigateParams, ScreenshotParams, WindowParams,
} from '../protocol';
import { toNavigableUrl, InvalidUrlError } from '../urls';
import type { Backend } from './backend';
import { HelperError, InvalidInputError } from './errors';
import { epochNow } from './ledger';
import { debugWait } from './testWaits';

const METHOD_NOT_FOUND = -32601;

export function serveRequest(backend: Backend, method: string, params: unknown, testHooks: boolean): unknown {
  switch (method) {
    case 'configure':
      return backend.configure(params as HelperSettings);
    case 'createEnvironment': {
      const p = params as CreateEnvironmentParams;
      if (!p?.userDataFolder) throw new InvalidInputError('createEnvironment needs a userDataFolder');
      return backend.createEnvironment(p);
    }
    case 'createWindow': {
      const p = params as CreateWindowParams;
      return backend.createWindow({ ...p, url: p.url === undefined ? undefined : checkedUrl(p.url) });
    }
    case 'navigate': {
      const p = params as NavigateParams;
      return backend.navigate(windowId(p), checkedUrl(p.url));
    }
    case 'reload':
      return backend.reload(windowId(params as WindowParams));
    case 'focus':
      return backend.focus(windowId(params as WindowParams));
    case 'close':
      return backend.close(windowId(params as WindowParams), 'request');
    case 'closeAll': {
      const reason = (params as { reason?: 'request' | 'shutdown' } | null)?.reason ?? 'request';
      const ids = backend.listWindows().map((w) => w.windowId);
      for (const id of ids) backend.close(id, reason);
      return ids.length;
    }
    case 'getCookies': {
      const p = params as GetCookiesParams;
      return backend.getCookies(windowId(p), p.url === undefined ? undefined : checkedUrl(p.url));
    }
    case 'screenshot': {
      const p = params as ScreenshotParams;
      if (!p?.path) throw new InvalidInputError('screenshot needs a path');
      return backend.screenshot(windowId(p), p.path);
    }
    case 'listWindows':
      return backend.listWindows();
  }
  if (testHooks && method === 'debug/wait') return debugWait(backend, params as DebugWaitParams);
  if (testHooks && method === 'debug/block') return busyFor((params as { ms: number }).ms);
  throw new HelperError(`unhandled method ${method}`, METHOD_NOT_FOUND);
}

function windowId(p: WindowParams | undefined): number {
  if (!p || !Number.isInteger(p.windowId)) throw new InvalidInputError('a windowId (integer) is required');
  return p.windowId;
}

function checkedUrl(url: unknown): string {
  if (typeof url !== 'string') throw new InvalidInputError('url must be a string');
  try {
    return toNavigableUrl(url);
  } catch (err) {
    if (err instanceof InvalidUrlError) throw new InvalidInputError(err.message);
    throw err;
  }
}

/** Keeps the UI thread busy without dispatching anything: requests pile up unpicked. */
function busyFor(ms: number): void {
  const until = epochNow() + ms;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (epochNow() < until) Atomics.wait(sleeper, 0, 0, Math.min(50, until - epochNow()));
}
