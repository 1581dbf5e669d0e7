// Untrusted TLS certificates on Linux: the website data manager fails them (the TLS errors policy),
// and load-failed-with-tls-errors lets one through only for a trusted certificate host, with
// webkit_web_context_allow_tls_certificate_for_host and a second load of the same URI. Any other
// host's load fails with the certificate problem named.
import type { HelperSettings } from '../protocol';
import type { BackendEvents } from '../helper/backend';
import type { CallbackScope } from '../helper/waits';
import { describeTlsFlags, untrustedCertificateMessage } from '../network/certificateMessage';
import { hostOfUrl, isTrustedHost } from '../network/trustedHosts';
import type { Environment } from './environments';
import type { GtkWindows } from './windows';
import { Callbacks, type Ffi, type Ptr, TLS_ERRORS_POLICY_FAIL, register } from './ffi';

export class TlsDecisions {
  private readonly callback: bigint;

  constructor(
    private readonly gtk: Ffi,
    private readonly windows: GtkWindows,
    private readonly settings: () => HelperSettings,
    private readonly events: BackendEvents,
    scope: CallbackScope,
  ) {
    this.callback = register((_view: Ptr, uri: string, certificate: Ptr, errors: number, data: bigint) =>
      scope.run('load-failed-with-tls-errors', 0, () => this.onTlsErrors(Number(data), uri, certificate, errors)), Callbacks.loadFailedWithTlsErrors);
  }

  /** A new environment refuses untrusted certificates unless this class lets one through. */
  configure(env: Environment): void {
    const manager = this.gtk.webkit_web_context_get_website_data_manager(env.context);
    this.gtk.webkit_website_data_manager_set_tls_errors_policy(manager, TLS_ERRORS_POLICY_FAIL);
  }

  connect(id: number, view: bigint): void {
    this.gtk.g_signal_connect_data(view, 'load-failed-with-tls-errors', this.callback, BigInt(id), null, 0);
  }

  private onTlsErrors(id: number, uri: string, certificate: Ptr, errors: number): number {
    const w = this.windows.find(id);
    if (!w || !certificate) return 0;
    const host = hostOfUrl(uri);
    // One second load per refusal: a certificate refused again after it was allowed is reported.
    if (isTrustedHost(uri, this.settings().trustedCertificateHosts) && w.tlsRetried !== uri) {
      this.gtk.webkit_web_context_allow_tls_certificate_for_host(w.env.context, certificate, host);
      w.tlsRetry = uri; // loaded again once this failed load has finished
      w.tlsRetried = uri;
      this.events.log('info', `window ${id}: accepted the untrusted certificate of ${host} (${describeTlsFlags(errors)}): it is a trusted certificate host`);
      return 1; // handled: no load-failed
    }
    w.tlsFailure = untrustedCertificateMessage(host, describeTlsFlags(errors));
    return 0; // load-failed follows and reports it
  }
}
