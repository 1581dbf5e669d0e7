// Which cookies a request to a URL carries (RFC 6265 5.4), as the helper applies it to the engines'
// answers: domain, path and Secure, lenient only where engines differ.
import * as assert from 'node:assert/strict';
import type { Cookie } from '../../src/protocol';
import { cookiesForUrl, domainMatches, pathMatches } from '../../src/cookies/cookieScope';
import { EngineRoute } from '../../src/helper/engineRoute';
import { PageScripts } from '../../src/helper/pageScripts';
import { WindowTable } from '../../src/windowTable';
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import type { UiBridge } from '../../src/helper/uiBridge';

const cookie = (name: string, over: Partial<Cookie> = {}): Cookie => ({
  name, value: 'v', domain: 'example.test', path: '/', expires: null, httpOnly: false, secure: false, sameSite: 'lax', session: true, ...over,
});
const names = (list: Cookie[]) => list.map((c) => c.name);

describe('cookie scope', () => {
  it('matches a domain and its subdomains, never a lookalike or a parent', () => {
    assert.ok(domainMatches('example.test', 'example.test'));
    assert.ok(domainMatches('a.b.example.test', '.example.test'));
    assert.ok(domainMatches('EXAMPLE.test.', 'example.TEST'));
    assert.ok(!domainMatches('badexample.test', 'example.test'));
    assert.ok(!domainMatches('example.test', 'a.example.test'));
    assert.ok(!domainMatches('example.test', ''));
  });

  it('matches a path per RFC 6265 5.1.4', () => {
    assert.ok(pathMatches('/app', '/app'));
    assert.ok(pathMatches('/app/x', '/app'));
    assert.ok(pathMatches('/app/x', '/app/'));
    assert.ok(pathMatches('/anything', '/'));
    assert.ok(pathMatches('', '/'));
    assert.ok(!pathMatches('/application', '/app'));
    assert.ok(!pathMatches('/ap', '/app'));
    assert.ok(!pathMatches('/', '/app'));
  });

  it('keeps what a request to the URL carries: path scope, other hosts, Secure over http', () => {
    const all = [
      cookie('root'), cookie('app', { path: '/app' }), cookie('other-path', { path: '/admin' }),
      cookie('sub', { domain: '.example.test' }), cookie('elsewhere', { domain: 'other.test' }), cookie('secure', { secure: true }),
    ];
    assert.deepEqual(names(cookiesForUrl(all, 'http://example.test/app/page')), ['root', 'app', 'sub']);
    assert.deepEqual(names(cookiesForUrl(all, 'https://www.example.test/')), ['root', 'sub', 'secure']);
    assert.deepEqual(names(cookiesForUrl(all, 'https://other.test/x')), ['elsewhere']);
  });

  it('keeps Secure cookies over http on loopback hosts, which engines treat as secure', () => {
    const all = [cookie('s', { domain: '127.0.0.1', secure: true }), cookie('l', { domain: 'localhost', secure: true })];
    assert.deepEqual(names(cookiesForUrl(all, 'http://127.0.0.1:5173/')), ['s']);
    assert.deepEqual(names(cookiesForUrl(all, 'http://localhost:5173/')), ['l']);
  });

  it('does not match a path outside a scope that ends with a slash', () => {
    assert.ok(!pathMatches('/admin/x', '/app/'));
    assert.ok(!pathMatches('/other', '/app/'));
  });

  it('matches an IPv6 host, which URLs write in brackets', () => {
    assert.ok(domainMatches('[::1]', '::1'));
    assert.ok(!domainMatches('[::1]', '::2'));
  });

  it('takes every loopback spelling as secure over http, and nothing that only looks like one', () => {
    const secure = (domain: string) => cookie(domain, { domain, secure: true });
    const kept = (url: string, domain: string) => names(cookiesForUrl([secure(domain)], url)).length === 1;
    for (const [url, domain] of [
      ['http://app.localhost:3000/', 'app.localhost'], ['http://127.10.20.30/', '127.10.20.30'], ['http://127.0.0.1/', '127.0.0.1'],
      ['http://[::1]:8080/', '::1'],
    ]) assert.ok(kept(url, domain), `${url} is loopback`);
    for (const [url, domain] of [
      ['http://127.0.0.1.evil.test/', '127.0.0.1.evil.test'], ['http://localhost.evil.test/', 'localhost.evil.test'],
      ['http://applocalhost/', 'applocalhost'], ['http://[::2]/', '::2'],
    ]) assert.ok(!kept(url, domain), `${url} is not loopback: its Secure cookie stays out over http`);
  });

  it('leaves the answer alone for an address that is not http(s) or not a URL', () => {
    const all = [cookie('a'), cookie('b', { domain: 'x.test' })];
    assert.deepEqual(names(cookiesForUrl(all, 'about:blank')), ['a', 'b']);
    assert.deepEqual(names(cookiesForUrl(all, 'not a url')), ['a', 'b']);
  });

  it('is applied by the helper to an engine answer for a URL asked for, not to one for the page shown', async () => {
    const answer = [cookie('root'), cookie('admin', { path: '/admin' }), cookie('elsewhere', { domain: 'other.test' })];
    const ui = { call: async () => answer } as unknown as UiBridge;
    let settings = { ...DEFAULT_HELPER_SETTINGS };
    const route = new EngineRoute({ ui: () => ui, windows: new WindowTable(), settings: { get: () => settings, set: (s) => { settings = s; } }, environmentOpened: () => undefined, log: () => undefined, scripts: new PageScripts() });
    assert.deepEqual(names(await route.forward('getCookies', { windowId: 1, url: 'http://example.test/' })), ['root']);
    assert.deepEqual(names(await route.forward('getCookies', { windowId: 1 })), ['root', 'admin', 'elsewhere']);
  });
});
