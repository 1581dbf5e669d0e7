// One wording, on both platforms, for a page refused because of its TLS certificate: what is wrong
// with it, which host presented it, and how to trust that host (and only it).

/** GTlsCertificateFlags, as WebKitGTK reports them. */
const GTLS_FLAGS: [number, string][] = [
  [1, 'signed by an unknown authority (self-signed?)'],
  [2, 'issued for another host name'],
  [4, 'not valid yet'],
  [8, 'expired'],
  [16, 'revoked'],
  [32, 'made with an insecure algorithm'],
  [64, 'has an unspecified problem'],
];

export function describeTlsFlags(flags: number): string {
  const problems = GTLS_FLAGS.filter(([bit]) => (flags & bit) !== 0).map(([, text]) => text);
  return problems.length ? problems.join(', ') : `has a problem (flags 0x${flags.toString(16)})`;
}

/** COREWEBVIEW2_WEB_ERROR_STATUS values that are certificate problems, worded as above. */
const WEB_ERROR_CERTIFICATE: Record<number, string> = {
  1: 'issued for another host name',
  2: 'expired',
  3: 'a client certificate has errors',
  4: 'revoked',
  5: 'signed by an unknown authority or otherwise invalid (self-signed?)',
};

export function certificateProblemOfWebError(status: number): string | undefined {
  return WEB_ERROR_CERTIFICATE[status];
}

export function untrustedCertificateMessage(host: string, problem: string): string {
  return `TLS certificate not trusted: ${problem}, presented by ${host}; to accept it for this host only: --trust-host ${host} (setting webview2Host.trustedCertificateHosts)`;
}
