// The UI thread's dispatch table: one handler per call the main thread forwards, each serving it
// from the backend. Parameters arrive typed from the main thread's one entry point (main.ts).
import { toNavigableUrl, InvalidUrlError } from '../urls';
import { checkCookieInput, CookieInputError } from '../cookies/cookieInput';
import { checkProxyUrl, ProxyUrlError } from '../network/proxyUrl';
import { checkTrustedHosts, TrustedHostError } from '../network/trustedHosts';
import { InvalidInputError } from './errors';
import type { UiCalls, UiHandlers } from './uiMessages';

export const uiRequests: UiHandlers<UiCalls> = {
  configure: (backend, settings) => backend.configure({
    ...settings,
    trustedCertificateHosts: checked(() => checkTrustedHosts(settings.trustedCertificateHosts ?? []), TrustedHostError, 'trustedCertificateHosts: '),
  }),
  createEnvironment: (backend, p) => {
    if (!p?.userDataFolder) throw new InvalidInputError('createEnvironment needs a userDataFolder');
    const proxy = p.proxy === undefined ? undefined : checked(() => checkProxyUrl(p.proxy), ProxyUrlError, 'proxy: ');
    return backend.createEnvironment({ userDataFolder: p.userDataFolder, ...(proxy ? { proxy } : {}) });
  },
  createWindow: (backend, p) => backend.createWindow({ ...p, url: p.url === undefined ? undefined : checkedUrl(p.url) }),
  navigate: (backend, p) => backend.navigate(windowId(p), checkedUrl(p.url)),
  reload: (backend, p) => backend.reload(windowId(p)),
  goBack: (backend, p) => backend.goBack(windowId(p)),
  goForward: (backend, p) => backend.goForward(windowId(p)),
  stop: (backend, p) => backend.stop(windowId(p)),
  openDevTools: (backend, p) => backend.openDevTools(windowId(p)),
  setZoom: (backend, p) => {
    if (typeof p?.factor !== 'number' || !(p.factor >= 0.25 && p.factor <= 5)) throw new InvalidInputError('setZoom needs a factor from 0.25 to 5 (1 is 100 %)');
    return backend.setZoom(windowId(p), p.factor);
  },
  setBounds: (backend, p) => {
    const id = windowId(p);
    for (const name of ['width', 'height'] as const) {
      if (!Number.isInteger(p[name]) || p[name] < 100 || p[name] > 16384) throw new InvalidInputError(`setBounds needs ${name} as a whole number of pixels from 100 to 16384`);
    }
    if ((p.x === undefined) !== (p.y === undefined)) throw new InvalidInputError('setBounds takes x and y together, or neither');
    for (const name of ['x', 'y'] as const) {
      const v = p[name];
      if (v !== undefined && (!Number.isInteger(v) || Math.abs(v) > 32768)) throw new InvalidInputError(`setBounds needs ${name} as a whole number of pixels`);
    }
    return backend.setBounds({ windowId: id, width: p.width, height: p.height, x: p.x, y: p.y });
  },
  focus: (backend, p) => backend.focus(windowId(p)),
  close: (backend, p) => backend.close(windowId(p), 'request'),
  closeAll: (backend, { reason }) => {
    const ids = backend.listWindows().map((w) => w.windowId);
    for (const id of ids) backend.close(id, reason);
    return ids.length;
  },
  getCookies: (backend, p) => backend.getCookies(windowId(p), p.url === undefined ? undefined : checkedUrl(p.url)),
  screenshot: (backend, p) => {
    if (!p?.path) throw new InvalidInputError('screenshot needs a path');
    return backend.screenshot(windowId(p), p.path);
  },
  setCookie: (backend, p) => backend.setCookie(windowId(p), checked(() => checkCookieInput(p.cookie), CookieInputError, '')),
  deleteCookie: (backend, p) => {
    for (const key of ['name', 'domain', 'path'] as const) {
      if (typeof p[key] !== 'string' || !p[key]) throw new InvalidInputError(`deleteCookie needs ${key} (a non-empty string)`);
    }
    return backend.deleteCookie(windowId(p), p.name, p.domain, p.path);
  },
  clearCookies: (backend, p) => backend.clearCookies(windowId(p)),
};

/** Runs a check, turning its own error class into invalid input with the same reason. */
function checked<T>(check: () => T, kind: new (...args: any[]) => Error, prefix: string): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof kind) throw new InvalidInputError(`${prefix}${err.message}`);
    throw err;
  }
}

function windowId(p: { windowId: number } | undefined): number {
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
