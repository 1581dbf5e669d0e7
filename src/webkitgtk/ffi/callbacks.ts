// The C signatures of every callback the Linux engine hands to GLib, GTK and WebKitGTK (signal
// handlers, async-ready and source functions, the URI scheme handler), declared once.
import * as koffi from 'koffi';

export type Ptr = bigint | null;

export const Callbacks = {
  asyncReady: koffi.proto('void GAsyncReadyCallback(void *source, void *result, void *data)'),
  sourceFunc: koffi.proto('int GSourceFunc(void *data)'),
  loadChanged: koffi.proto('void LoadChanged(void *view, int event, void *data)'),
  loadFailed: koffi.proto('int LoadFailed(void *view, int event, const char *uri, void *error, void *data)'),
  /** load-failed-with-tls-errors: (view, failing URI, GTlsCertificate, GTlsCertificateFlags, data) -> handled. */
  loadFailedWithTlsErrors: koffi.proto('int LoadFailedWithTlsErrors(void *view, const char *uri, void *certificate, uint errors, void *data)'),
  notify: koffi.proto('void Notify(void *object, void *pspec, void *data)'),
  /** WebKitWebView::decide-policy: (view, WebKitPolicyDecision, WebKitPolicyDecisionType, data) -> handled. */
  decidePolicy: koffi.proto('int DecidePolicy(void *view, void *decision, int type, void *data)'),
  destroy: koffi.proto('void Destroy(void *widget, void *data)'),
  processTerminated: koffi.proto('void ProcessTerminated(void *view, int reason, void *data)'),
  /** WebKitWebView::create: (view, WebKitNavigationAction, data) -> a new WebKitWebView, or NULL for no window. */
  createView: koffi.proto('void *CreateWebView(void *view, void *action, void *data)'),
  /** WebKitWebView::ready-to-show and ::close: (view, data). */
  viewSignal: koffi.proto('void ViewSignal(void *view, void *data)'),
  uriScheme: koffi.proto('void UriSchemeRequest(void *request, void *data)'),
  filterSaved: koffi.proto('void ContentFilterSaved(void *store, void *result, void *data)'),
  resourceLoadStarted: koffi.proto('void ResourceLoadStarted(void *view, void *resource, void *request, void *data)'),
  /** WebKitWebResource::sent-request (resource, WebKitURIRequest, WebKitURIResponse of a redirect or NULL, data). */
  resourceSentRequest: koffi.proto('void ResourceSentRequest(void *resource, void *request, void *redirected, void *data)'),
  /** WebKitWebResource::finished (resource, data). */
  resourceFinished: koffi.proto('void ResourceFinished(void *resource, void *data)'),
  /** WebKitWebResource::failed (resource, GError owned by the emitter, data). */
  resourceFailed: koffi.proto('void ResourceFailed(void *resource, void *error, void *data)'),
  /** WebKitWebResource::failed-with-tls-errors (resource, GTlsCertificate, GTlsCertificateFlags, data). */
  resourceFailedTls: koffi.proto('void ResourceFailedTls(void *resource, void *certificate, uint errors, void *data)'),
  configureEvent: koffi.proto('int ConfigureEvent(void *widget, void *event, void *data)'),
  /** GtkButton::clicked, GtkToggleButton::toggled, GtkEntry::activate: (widget, data). */
  widgetSignal: koffi.proto('void WidgetSignal(void *widget, void *data)'),
  /** GtkWidget::key-press-event: (widget, GdkEventKey, data) -> handled. */
  keyPress: koffi.proto('int KeyPressEvent(void *widget, void *event, void *data)'),
  /** WebKitWebView::print: (view, WebKitPrintOperation, data) -> handled. */
  printRequested: koffi.proto('int PrintRequested(void *view, void *operation, void *data)'),
  /** WebKitPrintOperation::finished (operation, data). */
  printFinished: koffi.proto('void PrintFinished(void *operation, void *data)'),
  /** WebKitPrintOperation::failed (operation, GError owned by the emitter, data). */
  printFailed: koffi.proto('void PrintFailed(void *operation, void *error, void *data)'),
} as const;

export function register(fn: (...args: any[]) => unknown, proto: koffi.TypeObject): bigint {
  return koffi.register(fn, koffi.pointer(proto));
}
