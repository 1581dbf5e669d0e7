// The platform-independent parts of the Windows backend, checked anywhere.
import * as assert from 'node:assert/strict';
import { guid, hex, IID_IUnknown } from '../../src/webview2/com';
import { explainHresult } from '../../src/webview2/hresult';
import { archFolder } from '../../src/webview2/loader';

describe('WebView2 COM helpers', () => {
  it('lays a GUID out as Windows does (little-endian Data1..3, Data4 as bytes)', () => {
    assert.equal(guid('{4e8a3389-c9d8-4bd2-b6b5-124fee6cc14d}').toString('hex'), '89338a4ed8c9d24bb6b5124fee6cc14d');
    assert.equal(IID_IUnknown.toString('hex'), '0000000000000000c000000000000046');
    assert.throws(() => guid('not-a-guid'), /not a GUID/);
  });

  it('prints an HRESULT as unsigned hex whatever its sign', () => {
    assert.equal(hex(0x80070002 | 0), '0x80070002');
    assert.equal(hex(0), '0x00000000');
  });

  it('explains the HRESULTs a user may meet, and names the rest', () => {
    assert.match(explainHresult(0x80070002 | 0), /^No WebView2 Runtime is installed\. Install the WebView2 Runtime/);
    assert.match(explainHresult(0x8007139f), /already in use .*\(retrying will not help\)/);
    assert.match(explainHresult(0x80010106 | 0), /multithreaded apartment/);
    assert.equal(explainHresult(0x80001234 | 0), 'The WebView2 Runtime reported 0x80001234.');
  });

  it('picks the runtime folder for the process architecture', () => {
    assert.equal(archFolder('x64'), 'x64');
    assert.equal(archFolder('arm64'), 'arm64');
    assert.equal(archFolder('ia32'), 'x86');
  });
});
