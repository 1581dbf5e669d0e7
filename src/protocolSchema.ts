// The checks of every request's parameters, one entry per request of the protocol (protocol.ts).
// The table is typed by the protocol's own definitions: a request without an entry, a field
// without a checker, or a checker of the wrong type does not compile. The helper runs these
// before any thread or native call sees a parameter (helper/paramChecks.ts).
import type {
  CookieInput, CreateEnvironmentParams, CreateWindowParams, DeleteCookieParams, GetCookiesParams, GetNetworkLogParams, HelperSettings,
  DeviceEmulation, InitializeParams, NavigateParams, RequestMap, RequestName, ScreenshotParams, SavePdfParams, SetBoundsParams, SetCookieParams,
  SetDeviceParams, SetNetworkCaptureParams, SetZoomParams, WindowParams, RunScriptParams, PageInputParams, ClickInput, KeyInput, TextInput,
} from './protocol';
import { MAX_INPUT_TEXT_CHARS, MAX_SCRIPT_CHARS, MAX_SCRIPT_TIMEOUT_MS } from './page/protocol';
import { POPUP_MODES } from './protocol';
import {
  absolutePath, adapt, boolean, byKind, together, FieldError, integer, list, nothing, nullable, number, object, oneOf, optional, text,
  type Checker, type Fields,
} from './schema';
import { Limits } from './limits';
import { InvalidUrlError, toNavigableUrl } from './urls';
import { checkCookieInput, CookieInputError } from './cookies/cookieInput';
import { checkProxyUrl, ProxyUrlError } from './network/proxyUrl';
import { checkTrustedHosts, TrustedHostError } from './network/trustedHosts';



const id = integer(0, Limits.maxId);

/** A URL as typed ("localhost:8080", an absolute file path, ...), returned as the URL it names. */
const url: Checker<string> = (value, field) =>
  adapt((v) => toNavigableUrl(v as string), (err) => (err instanceof InvalidUrlError ? err.message.replace(/^".*" is not/s, 'is not') : undefined))(
    text(Limits.urlBytes)(value, field), field);

/** A check with rules of its own (cookies, proxy URLs, host lists): its reason, under the field's name. */
function ruled<T>(check: (value: unknown) => T, kind: new (...args: any[]) => Error): Checker<T> {
  return adapt(check, (err) => (err instanceof kind ? `is refused: ${err.message}` : undefined));
}

/** A point of the viewport in CSS pixels: on the page, within what a window can be. */
const coordinate = number(0, Limits.maxSize);
const pageInput = byKind<ClickInput | KeyInput | TextInput>({
  click: object<ClickInput>({
    kind: oneOf('click'), x: coordinate, y: coordinate,
    button: optional(oneOf('left', 'middle', 'right')),
    clickCount: optional(adapt((v) => { if (v !== 1 && v !== 2) throw new RangeError(); return v; }, () => 'must be 1 or 2')),
  }),
  key: object<KeyInput>({
    kind: oneOf('key'),
    key: text(64, { nonEmpty: true }),
    modifiers: optional(list(oneOf('Shift', 'Control', 'Alt', 'Meta'), 4)),
  }),
  text: object<TextInput>({ kind: oneOf('text'), text: text(4 * MAX_INPUT_TEXT_CHARS, { nonEmpty: true }) }),
});

const settings = object<HelperSettings>({
  strategy: oneOf('cowait', 'pump'),
  stallThresholdMs: integer(Limits.stallThresholdMs.min, Limits.stallThresholdMs.max),
  waitDeadlineMs: integer(Limits.waitDeadlineMs.min, Limits.waitDeadlineMs.max),
  devTools: optional(boolean),
  showChrome: optional(boolean),
  networkLog: optional(boolean),
  popups: optional(oneOf(...POPUP_MODES)),
  waitForServerMs: optional(integer(Limits.waitForServerMs.min, Limits.waitForServerMs.max)),
  trustedCertificateHosts: optional((value, field) => ruled((v) => checkTrustedHosts(v as unknown[]), TrustedHostError)(
    list(text(Limits.hostBytes), Limits.maxHosts)(value, field), field)),
});

const windowParams: Fields<WindowParams> = { windowId: id };

/** A cookie to set: the rules browsers apply (cookies/cookieInput.ts), sizes first. */
const cookie: Checker<CookieInput> = (value, field) => {
  const sized = object<CookieInput>({
    name: text(Limits.cookieFieldBytes),
    value: text(Limits.cookieFieldBytes),
    domain: text(Limits.hostBytes),
    path: optional(text(Limits.cookieFieldBytes)),
    expires: optional(nullable(number(-Number.MAX_VALUE, Number.MAX_VALUE))),
    httpOnly: optional(boolean),
    secure: optional(boolean),
    sameSite: optional(oneOf('none', 'lax', 'strict')),
  });
  sized(value, field);
  return ruled(checkCookieInput, CookieInputError)(value, field);
};

/** A user agent: printable ASCII only, since it travels as an HTTP header (no CR or LF). */
const userAgent: Checker<string> = (value, field) => {
  const ua = text(Limits.userAgentBytes, { nonEmpty: true })(value, field);
  if (!/^[\x20-\x7e]+$/.test(ua)) throw new FieldError(field, 'must be printable ASCII: it is sent as the User-Agent header');
  return ua;
};

const device = object<DeviceEmulation>({
  name: text(Limits.titleBytes, { nonEmpty: true }),
  width: integer(Limits.minBoundsSize, Limits.maxSize),
  height: integer(Limits.minBoundsSize, Limits.maxSize),
  userAgent,
  pixelRatio: number(0.5, Limits.maxPixelRatio),
  touch: boolean,
  mobile: boolean,
});

export type RequestSchemas = { [M in RequestName]: Checker<RequestMap[M]['params']> };

export const requestSchemas: RequestSchemas = {
  initialize: object<InitializeParams>({
    settings,
    loaderPath: optional(absolutePath(Limits.pathBytes)),
    browserFolder: optional(absolutePath(Limits.pathBytes)),
    firstWindowId: optional(integer(1, Limits.maxId)),
  }),
  configure: settings,
  createEnvironment: object<CreateEnvironmentParams>({
    userDataFolder: absolutePath(Limits.pathBytes),
    proxy: optional((value, field) => ruled(checkProxyUrl, ProxyUrlError)(text(Limits.proxyBytes)(value, field), field)),
  }),
  createWindow: object<CreateWindowParams>({
    environmentId: id,
    windowId: optional(integer(1, Limits.maxId)),
    url: optional(url),
    title: optional(text(Limits.titleBytes)),
    width: optional(integer(Limits.minSize, Limits.maxSize)),
    height: optional(integer(Limits.minSize, Limits.maxSize)),
    x: optional(integer(-Limits.maxPosition, Limits.maxPosition)),
    y: optional(integer(-Limits.maxPosition, Limits.maxPosition)),
  }, together('x', 'y')),
  navigate: object<NavigateParams>({ ...windowParams, url }),
  reload: object<WindowParams>(windowParams),
  goBack: object<WindowParams>(windowParams),
  goForward: object<WindowParams>(windowParams),
  stop: object<WindowParams>(windowParams),
  openDevTools: object<WindowParams>(windowParams),
  setZoom: object<SetZoomParams>({ ...windowParams, factor: number(Limits.minZoom, Limits.maxZoom) }),
  setBounds: object<SetBoundsParams>({
    ...windowParams,
    width: integer(Limits.minBoundsSize, Limits.maxSize),
    height: integer(Limits.minBoundsSize, Limits.maxSize),
    x: optional(integer(-Limits.maxPosition, Limits.maxPosition)),
    y: optional(integer(-Limits.maxPosition, Limits.maxPosition)),
  }, together('x', 'y')),
  setDevice: object<SetDeviceParams>({ ...windowParams, device: nullable(device) }),
  focus: object<WindowParams>(windowParams),
  close: object<WindowParams>(windowParams),
  closeAll: nothing,
  getCookies: object<GetCookiesParams>({ ...windowParams, url: optional(url) }),
  listWindows: nothing,
  screenshot: object<ScreenshotParams>({ ...windowParams, path: absolutePath(Limits.pathBytes), fullPage: optional(boolean) }),
  runScript: object<RunScriptParams>({
    ...windowParams,
    expression: text(4 * MAX_SCRIPT_CHARS, { nonEmpty: true }),
    world: oneOf('isolated', 'page'),
    timeoutMs: optional(integer(1, MAX_SCRIPT_TIMEOUT_MS)),
  }),
  pageInput: object<PageInputParams>({ ...windowParams, input: pageInput }),
  savePdf: object<SavePdfParams>({ ...windowParams, path: absolutePath(Limits.pathBytes) }),
  setCookie: object<SetCookieParams>({ ...windowParams, cookie }),
  deleteCookie: object<DeleteCookieParams>({
    ...windowParams,
    name: text(Limits.cookieFieldBytes, { nonEmpty: true }),
    domain: text(Limits.hostBytes, { nonEmpty: true }),
    path: text(Limits.cookieFieldBytes, { nonEmpty: true }),
  }),
  clearCookies: object<WindowParams>(windowParams),
  diagnostics: nothing,
  getNetworkLog: object<GetNetworkLogParams>({
    ...windowParams,
    since: optional(integer(0, Number.MAX_SAFE_INTEGER)),
    includeValues: optional(boolean),
    bodies: optional(boolean),
  }),
  clearNetworkLog: object<WindowParams>(windowParams),
  setNetworkCapture: object<SetNetworkCaptureParams>({ ...windowParams, bodies: boolean }),
  shutdown: nothing,
  ping: nothing,
};
