// Untrusted server certificates on Windows: ICoreWebView2_14's ServerCertificateErrorDetected. The
// handler sets the action ALWAYS_ALLOW only when the request's host is a trusted certificate host;
// for any other host it leaves the default, so the navigation fails with its certificate status.
// No browser switch trusts certificates wholesale.
import type { HelperSettings } from '../protocol';
import type { BackendEvents } from '../helper/backend';
import { certificateProblemOfWebError } from '../network/certificateMessage';
import { hostOfUrl, isTrustedHost } from '../network/trustedHosts';
import { Sig, type Com } from './ffi/com';
import { CERTIFICATE_ERROR_ALWAYS_ALLOW, IID, Slot } from './ffi/webview2';
import type { HandlerFactory } from './handlers';
import type { Ptr } from './ffi/win32';


export class CertificateDecisions {
  constructor(
    private readonly com: Com,
    private readonly handlers: HandlerFactory,
    private readonly settings: () => HelperSettings,
    private readonly events: BackendEvents,
  ) {}

  /** Adds the handler to a new webview; a runtime too old for ICoreWebView2_14 refuses every untrusted certificate. */
  subscribe(windowId: number, webview: bigint): void {
    const out: [Ptr] = [null];
    if (this.com.callRaw(webview, 0, Sig.queryInterface, IID.webView2_14, out) < 0 || !out[0]) {
      this.events.log('warn', `window ${windowId}: this WebView2 Runtime has no ICoreWebView2_14, so no untrusted certificate can be accepted`);
      return;
    }
    const webview14 = out[0];
    const handler = this.handlers.event(IID.serverCertificateErrorDetected, 'ServerCertificateErrorDetected', (_sender, args) => {
      if (args) this.decide(windowId, args);
    });
    try {
      this.com.call(webview14, Slot.webview14.addServerCertificateErrorDetected, Sig.addHandler, 'add_ServerCertificateErrorDetected', handler, [0n]);
    } catch (err) {
      // The window still works; only untrusted certificates stay refused, for every host.
      this.events.log('warn', `window ${windowId}: no certificate decisions: ${(err as Error).message}`);
    } finally {
      this.com.release(handler);
      this.com.release(webview14);
    }
  }

  private decide(windowId: number, args: bigint): void {
    const uri = this.com.getString(args, Slot.certificateErrorArgs.requestUri, 'get_RequestUri');
    const status = this.com.getInt(args, Slot.certificateErrorArgs.errorStatus, 'get_ErrorStatus');
    const host = hostOfUrl(uri);
    const problem = certificateProblemOfWebError(status) ?? `web error status ${status}`;
    if (!isTrustedHost(uri, this.settings().trustedCertificateHosts)) return; // the default: refused, reported by NavigationCompleted
    this.com.call(args, Slot.certificateErrorArgs.putAction, Sig.inInt, 'put_Action', CERTIFICATE_ERROR_ALWAYS_ALLOW);
    this.events.log('info', `window ${windowId}: accepted the untrusted certificate of ${host} (${problem}): it is a trusted certificate host`);
  }
}
