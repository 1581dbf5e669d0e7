// The UI thread's dispatch table: one handler per call the main thread forwards, each serving it
// from the backend. Parameters arrive checked and typed from the main thread's one entry point
// (main.ts, through paramChecks.ts): URLs normalised, ids whole numbers, sizes in range, cookies,
// proxy and trusted hosts checked by their own rules.
import type { CheckedCookie } from '../cookies/cookieInput';
import type { UiCalls, UiHandlers } from './uiMessages';

export const uiRequests: UiHandlers<UiCalls> = {
  configure: (backend, settings) => backend.configure(settings),
  createEnvironment: (backend, p) => backend.createEnvironment(p),
  createWindow: (backend, p) => backend.createWindow(p),
  navigate: (backend, p) => backend.navigate(p.windowId, p.url),
  reload: (backend, p) => backend.reload(p.windowId),
  goBack: (backend, p) => backend.goBack(p.windowId),
  goForward: (backend, p) => backend.goForward(p.windowId),
  stop: (backend, p) => backend.stop(p.windowId),
  openDevTools: (backend, p) => backend.openDevTools(p.windowId),
  setZoom: (backend, p) => backend.setZoom(p.windowId, p.factor),
  setBounds: (backend, p) => backend.setBounds(p),
  focus: (backend, p) => backend.focus(p.windowId),
  close: (backend, p) => backend.close(p.windowId, 'request'),
  closeAll: (backend, { reason }) => {
    const ids = backend.listWindows().map((w) => w.windowId);
    for (const id of ids) backend.close(id, reason);
    return ids.length;
  },
  getCookies: (backend, p) => backend.getCookies(p.windowId, p.url),
  screenshot: (backend, p) => backend.screenshot(p.windowId, p.path),
  savePdf: (backend, p) => backend.savePdf(p.windowId, p.path),
  // Checked by the cookie rules at the boundary, which fill in every field (protocolSchema.ts).
  setCookie: (backend, p) => backend.setCookie(p.windowId, p.cookie as CheckedCookie),
  deleteCookie: (backend, p) => backend.deleteCookie(p.windowId, p.name, p.domain, p.path),
  clearCookies: (backend, p) => backend.clearCookies(p.windowId),
};
