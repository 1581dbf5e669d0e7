// The names of the extension's commands (each `webview2Host.<name>`), known at activation without
// loading anything else: activation registers them, and the first one that runs loads the rest
// (extensionCore.ts), whose table must have a handler for every name here.
export const COMMAND_NAMES = [
  'openUrl',
  'openCurrentFile',
  'openInWindow',
  'openAnotherWindow',
  'listWindows',
  'showCookies',
  'showDiagnostics',
  'copyDiagnostics',
  'showConsole',
  'navigate',
  'goBack',
  'goForward',
  'reload',
  'stop',
  'zoomIn',
  'zoomOut',
  'zoomReset',
  'setSize',
  'copyUrl',
  'openExternal',
  'bringToFront',
  'openDevTools',
  'saveScreenshot',
  'restartHelper',
  'closeAll',
  'showCookieView',
  'exportCookies',
  'takeCookieSnapshot',
  'diffCookieSnapshot',
  'setCookie',
  'deleteCookie',
  'clearCookies',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];
