// The WebView2 ABI this engine uses, declared once: interface IDs, vtable slots (counted in
// WebView2.h, IUnknown's three first), and the runtime's enumerations.
import { guid } from './com';

export const IID = {
  environmentCompleted: guid('4e8a3389-c9d8-4bd2-b6b5-124fee6cc14d'),
  controllerCompleted: guid('6c4819f3-c9b7-4260-8127-c9f5bde7f68c'),
  getCookiesCompleted: guid('5a4f5069-5c15-47c3-8646-f4de1c116670'),
  navigationCompleted: guid('d33a35bf-1c49-4f98-93ab-006e0533fe1c'),
  documentTitleChanged: guid('f5f2b923-953e-4042-9f95-f3a118e1afd4'),
  processFailed: guid('79e0aea4-990b-42d9-aa1d-0fcc2e5bc7f1'),
  webView2_2: guid('9e8f0cf8-e670-4b5e-b2bc-73e061e3184c'),
  navigationArgs2: guid('fdf8b738-ee1e-4db2-a329-8d7d7b74d792'),
  environment5: guid('319e423d-e0d7-4b8d-9254-ae9475de9b17'),
  browserProcessExited: guid('fa504257-a216-4911-a860-fe8825712861'),
  webView2_7: guid('79c24d83-09a3-45ae-9418-487f32a58740'),
  printToPdfCompleted: guid('ccf1ef04-fd8e-4d5f-b2de-0983e41b8c36'),
  devToolsMethodCompleted: guid('5c4889f0-5ef6-4c5a-952c-d8f1b92d0574'),
  devToolsEventReceived: guid('e2fda4be-5456-406c-a261-3d452138362c'),
  capturePreviewCompleted: guid('697e05e9-3d8f-45fa-96f4-8ffe1ededaf5'),
  webView2_14: guid('6daa4f10-4a90-4753-8898-77c5df534165'),
  serverCertificateErrorDetected: guid('969b3a26-d85e-4795-8199-fef57344da22'),
  environmentOptions: guid('2fde08a8-1e9a-4766-8c05-95a9ceb9d1c5'),
  acceleratorKeyPressed: guid('b29c7e28-fa79-41a8-8e44-65811c76dcb2'),
  newWindowRequested: guid('d4c185fe-c81c-4989-97af-2d3fa7ab5651'),
  windowCloseRequested: guid('5c19e9e0-092f-486b-affa-ca8231913039'),
  navigationStarting: guid('9adbe429-f36d-432b-9ddc-f8881fbd76e3'),
  webResourceRequested: guid('ab00b74c-15f1-4646-80e8-e76341d25d71'),
};

export const Slot = {
  env: { createController: 3, createWebResourceResponse: 4, browserVersion: 5 },
  /** ICoreWebView2Environment5 (Environment2..4 repeat the base slots first). */
  env5: { addBrowserProcessExited: 12 },
  browserProcessExitedArgs: { kind: 3, pid: 4 },
  controller: {
    putIsVisible: 4, putBounds: 6, zoomFactor: 7, putZoomFactor: 8, moveFocus: 12,
    addAcceleratorKeyPressed: 19, removeAcceleratorKeyPressed: 20, notifyParentWindowPositionChanged: 23, close: 24, coreWebView2: 25,
  },
  acceleratorKeyArgs: { keyEventKind: 3, virtualKey: 4, keyEventLParam: 5, putHandled: 8 },
  webview: {
    settings: 3, source: 4, navigate: 5, addNavigationStarting: 7, removeNavigationStarting: 8, addNavigationCompleted: 15,
    addProcessFailed: 25, capturePreview: 30, reload: 31,
    callDevToolsProtocolMethod: 36, browserProcessId: 37, canGoBack: 38, canGoForward: 39, goBack: 40, goForward: 41, devToolsEventReceiver: 42, stop: 43,
    addNewWindowRequested: 44, addDocumentTitleChanged: 46, documentTitle: 48, openDevToolsWindow: 51, addWindowCloseRequested: 59,
    addWebResourceRequested: 55, removeWebResourceRequested: 56, addWebResourceRequestedFilter: 57, removeWebResourceRequestedFilter: 58,
  },
  /** ICoreWebView2NewWindowRequestedEventArgs. */
  newWindowArgs: { uri: 3, putNewWindow: 4, putHandled: 6, getDeferral: 9, windowFeatures: 10 },
  /** ICoreWebView2WindowFeatures: sizes are UINT32. */
  windowFeatures: { hasSize: 4, height: 7, width: 8 },
  deferral: { complete: 3 },
  webview2: { cookieManager: 66 },
  /** ICoreWebView2_7 (extends _6, whose last method OpenTaskManagerWindow is slot 79). */
  webview7: { printToPdf: 80 },
  /** ICoreWebView2_14. */
  webview14: { addServerCertificateErrorDetected: 106 },
  certificateErrorArgs: { errorStatus: 3, requestUri: 4, putAction: 7 },
  settings: { putAreDevToolsEnabled: 12 },
  devToolsReceiver: { addEventReceived: 3, removeEventReceived: 4 },
  devToolsEventArgs: { parameterObjectAsJson: 3 },
  stream: { release: 2 },
  cookieManager: { createCookie: 3, getCookies: 5, addOrUpdateCookie: 6, deleteCookie: 7, deleteAllCookies: 10 },
  cookieList: { count: 3, at: 4 },
  cookie: {
    name: 3, value: 4, putValue: 5, domain: 6, path: 7, expires: 8, putExpires: 9, httpOnly: 10, putIsHttpOnly: 11,
    sameSite: 12, putSameSite: 13, secure: 14, putIsSecure: 15, session: 16,
  },
  navigationArgs: { isSuccess: 3, webErrorStatus: 4, navigationId: 5, httpStatusCode: 6 /* ICoreWebView2NavigationCompletedEventArgs2 */ },
  navigationStartingArgs: { uri: 3, isUserInitiated: 4, putCancel: 8, navigationId: 9 },
  webResourceRequestedArgs: { request: 3, putResponse: 5 },
  webResourceRequest: { uri: 3 },
  /** IStream (ISequentialStream's Read and Write first). */
  istream: { write: 4, seek: 5 },
  processFailedArgs: { kind: 3 },
};

/** COREWEBVIEW2_WEB_ERROR_STATUS, by value. */
export const WEB_ERROR_STATUS = [
  'unknown', 'certificate common name is incorrect', 'certificate expired', 'client certificate contains errors',
  'certificate revoked', 'certificate is invalid', 'server unreachable', 'timeout', 'invalid HTTP server response',
  'connection aborted', 'connection reset', 'disconnected', 'cannot connect', 'host name not resolved',
  'operation canceled', 'redirect failed', 'unexpected error', 'authentication credentials required',
  'proxy authentication credentials required',
];

/** COREWEBVIEW2_PROCESS_FAILED_KIND, by value, in the words the product reports them with. */
export const PROCESS_FAILED_KINDS = [
  'browser process exited', 'page crashed', 'page unresponsive', 'page crashed',
  'utility process exited', 'sandbox helper process exited', 'GPU process exited', 'PPAPI plugin process exited',
  'PPAPI broker process exited', 'unknown process exited',
];

export const PROCESS_FAILED_KIND_BROWSER_PROCESS_EXITED = 0;

/** COREWEBVIEW2_WEB_ERROR_STATUS values the engine tells apart (WEB_ERROR_STATUS above, by name). */
export const WebErrorStatus = {
  unknown: 0, serverUnreachable: 6, timeout: 7, invalidServerResponse: 8, connectionAborted: 9, connectionReset: 10,
  disconnected: 11, cannotConnect: 12, hostNameNotResolved: 13, operationCanceled: 14, redirectFailed: 15,
} as const;
/** COREWEBVIEW2_WEB_RESOURCE_CONTEXT_DOCUMENT. */
export const WEB_RESOURCE_CONTEXT_DOCUMENT = 1;

/** COREWEBVIEW2_CAPTURE_PREVIEW_IMAGE_FORMAT_PNG. */
export const CAPTURE_FORMAT_PNG = 0;
/** COREWEBVIEW2_SERVER_CERTIFICATE_ERROR_ACTION_ALWAYS_ALLOW. */
export const CERTIFICATE_ERROR_ALWAYS_ALLOW = 0;

/** COREWEBVIEW2_KEY_EVENT_KIND: KEY_DOWN, KEY_UP, SYSTEM_KEY_DOWN (with Alt), SYSTEM_KEY_UP. */
export const KEY_EVENT_KIND = { keyDown: 0, keyUp: 1, systemKeyDown: 2, systemKeyUp: 3 } as const;
/** COREWEBVIEW2_MOVE_FOCUS_REASON_PROGRAMMATIC. */
export const MOVE_FOCUS_PROGRAMMATIC = 0;
