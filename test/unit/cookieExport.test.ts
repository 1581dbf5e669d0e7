import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportCookies, ExportError, isExportFormat, toNetscape, toPlaywright } from '../../src/cookies/exportFormats';
import { writePrivateFile } from '../../src/cookies/exportFile';
import type { Cookie } from '../../src/protocol';

const session: Cookie = { name: 'sid', value: 'abc123', domain: 'localhost', path: '/', expires: null, httpOnly: true, secure: true, sameSite: 'strict', session: true };
const domainWide: Cookie = { name: 'pref', value: 'dark', domain: '.example.test', path: '/app', expires: 1925089445, httpOnly: false, secure: false, sameSite: 'lax', session: false };
const none: Cookie = { name: 'track', value: 'n', domain: 'example.test', path: '/', expires: null, httpOnly: false, secure: true, sameSite: 'none', session: true };

describe('cookie exports', () => {
  it('knows its formats', () => {
    assert.ok(isExportFormat('netscape') && isExportFormat('playwright') && isExportFormat('json'));
    assert.ok(!isExportFormat('har'));
  });

  it('writes cookies.txt lines of seven tab-separated fields', () => {
    const text = toNetscape([session, domainWide, none]);
    const rows = text.split('\n').filter((l) => l && !(l.startsWith('# ') || l === '#'));
    assert.deepEqual(rows.map((r) => r.split('\t')), [
      ['#HttpOnly_localhost', 'FALSE', '/', 'TRUE', '0', 'sid', 'abc123'],
      ['.example.test', 'TRUE', '/app', 'FALSE', '1925089445', 'pref', 'dark'],
      ['example.test', 'FALSE', '/', 'TRUE', '0', 'track', 'n'],
    ]);
    assert.ok(text.startsWith('# Netscape HTTP Cookie File\n'));
    assert.ok(text.endsWith('\n'));
  });

  it('refuses a field that would break a cookies.txt line', () => {
    assert.throws(() => toNetscape([{ ...session, value: 'a\tb' }]), ExportError);
    assert.throws(() => toNetscape([{ ...session, name: 'x\ny' }]), /holds a tab or line break/);
  });

  it('writes a Playwright storageState with capitalised SameSite and -1 for session cookies', () => {
    assert.deepEqual(toPlaywright([session, domainWide, none]), {
      cookies: [
        { name: 'sid', value: 'abc123', domain: 'localhost', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'Strict' },
        { name: 'pref', value: 'dark', domain: '.example.test', path: '/app', expires: 1925089445, httpOnly: false, secure: false, sameSite: 'Lax' },
        { name: 'track', value: 'n', domain: 'example.test', path: '/', expires: -1, httpOnly: false, secure: true, sameSite: 'None' },
      ],
      origins: [],
    });
    assert.deepEqual(JSON.parse(exportCookies([session], 'playwright')), toPlaywright([session]));
  });

  it('keeps JSON exactly the shape getCookies returns', () => {
    assert.deepEqual(JSON.parse(exportCookies([session, domainWide], 'json')), [session, domainWide]);
  });

  it('creates export files readable by their owner only, also over a wider existing file (modes: not on Windows)', () => {
    const owner = (file: string) => (process.platform === 'win32' ? 0o600 : fs.statSync(file).mode & 0o777);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-export-'));
    const fresh = writePrivateFile(path.join(dir, 'cookies.txt'), 'x');
    assert.equal(owner(fresh), 0o600);
    assert.equal(fs.readFileSync(fresh, 'utf8'), 'x');
    const wide = path.join(dir, 'wide.json');
    fs.writeFileSync(wide, 'old', { mode: 0o644 });
    fs.chmodSync(wide, 0o644);
    writePrivateFile(wide, 'new');
    assert.equal(owner(wide), 0o600);
    assert.equal(fs.readFileSync(wide, 'utf8'), 'new');
  });
});
