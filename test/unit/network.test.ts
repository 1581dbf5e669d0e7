import * as assert from 'node:assert/strict';
import { checkProxyUrl, ProxyUrlError } from '../../src/network/proxyUrl';
import { checkTrustedHost, checkTrustedHosts, isTrustedHost } from '../../src/network/trustedHosts';

describe('trusted certificate hosts', () => {
  it('accepts host names and addresses, lower-cased, IPv6 without brackets', () => {
    assert.deepEqual(checkTrustedHosts(['LocalHost', '127.0.0.1', '[::1]', 'dev.example.test', 'localhost']), ['localhost', '127.0.0.1', '::1', 'dev.example.test']);
  });
  it('refuses URLs, ports, wildcards and junk with a reason', () => {
    assert.throws(() => checkTrustedHost('https://localhost:8443/'), /is a URL; give only its host name \(e\.g\. localhost\)/);
    assert.throws(() => checkTrustedHost('localhost:8443'), /without a port \(localhost\)/);
    assert.throws(() => checkTrustedHost('*.example.test'), /wildcards are not accepted/);
    assert.throws(() => checkTrustedHost('exa mple'), /not a host name/);
    assert.throws(() => checkTrustedHost(''), /must be a host name/);
    assert.throws(() => checkTrustedHost(7), /must be a host name/);
  });
  it('matches a URL\'s host exactly, never a subdomain or a lookalike', () => {
    const hosts = ['localhost', 'dev.test'];
    assert.ok(isTrustedHost('https://localhost:8443/x', hosts));
    assert.ok(isTrustedHost('https://DEV.test/', hosts));
    assert.ok(!isTrustedHost('https://a.dev.test/', hosts));
    assert.ok(!isTrustedHost('https://localhost.evil.test/', hosts));
    assert.ok(!isTrustedHost('https://127.0.0.1/', hosts));
    assert.ok(!isTrustedHost('https://localhost/', []));
    assert.ok(isTrustedHost('https://[::1]:8443/', ['::1']));
  });
});

describe('proxy URL', () => {
  it('rewrites to scheme://host:port', () => {
    assert.equal(checkProxyUrl('http://127.0.0.1:8888'), 'http://127.0.0.1:8888');
    assert.equal(checkProxyUrl('127.0.0.1:3128'), 'http://127.0.0.1:3128');
    assert.equal(checkProxyUrl('http://proxy.test/'), 'http://proxy.test:80');
    assert.equal(checkProxyUrl('SOCKS5://localhost:1080'), 'socks5://localhost:1080');
  });
  it('refuses what the engines cannot take, and anything that could smuggle switches', () => {
    assert.throws(() => checkProxyUrl('ftp://x:21'), ProxyUrlError);
    assert.throws(() => checkProxyUrl('http://u:p@x:1'), /credentials/);
    assert.throws(() => checkProxyUrl('http://x:1/path'), /no path/);
    assert.throws(() => checkProxyUrl('http://x:1 --ignore-certificate-errors'), /not a proxy URL/);
    assert.throws(() => checkProxyUrl(''), /must be a URL/);
  });
});

describe('certificate messages', () => {
  it('names the problem, the host and the way to trust only that host', async () => {
    const { describeTlsFlags, untrustedCertificateMessage, certificateProblemOfWebError } = await import('../../src/network/certificateMessage');
    assert.equal(describeTlsFlags(1), 'signed by an unknown authority (self-signed?)');
    assert.equal(describeTlsFlags(1 | 8), 'signed by an unknown authority (self-signed?), expired');
    assert.equal(certificateProblemOfWebError(2), 'expired');
    assert.equal(certificateProblemOfWebError(12), undefined);
    assert.equal(untrustedCertificateMessage('localhost', 'expired'),
      'TLS certificate not trusted: expired, presented by localhost; to accept it for this host only: --trust-host localhost (setting webview2Host.trustedCertificateHosts)');
  });
});
