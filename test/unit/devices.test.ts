import * as assert from 'node:assert/strict';
import {
  DEVICE_PRESETS, EMULATED_BY, emulationNote, emulationOf, engineEmulates, findPreset, presetNote, presetSummary,
} from '../../src/devices';
import { requestSchemas } from '../../src/protocolSchema';
import { emulationCalls } from '../../src/webview2/deviceEmulation';

describe('device presets and what each engine emulates', () => {
  it('has the phone, Android phone and tablet with their viewport, user agent, pixel ratio and touch, and a desktop laptop', () => {
    assert.deepEqual(DEVICE_PRESETS.map((p) => [p.id, p.width, p.height, p.device?.pixelRatio ?? null, p.device?.touch ?? null]), [
      ['phone', 375, 667, 2, true], ['android', 412, 915, 2.625, true], ['tablet', 768, 1024, 2, true], ['laptop', 1280, 800, null, null],
    ]);
    assert.match(findPreset('phone')!.device!.userAgent, /iPhone.*Mobile.*Safari/);
    assert.match(findPreset('Android phone')!.device!.userAgent, /Android.*Chrome\/.*Mobile Safari/);
    assert.match(findPreset('TABLET')!.device!.userAgent, /iPad/);
    assert.equal(findPreset('watch'), undefined);
    // Every preset's emulation passes the protocol's own check (what the helper accepts).
    for (const p of DEVICE_PRESETS) {
      const device = emulationOf(p);
      assert.doesNotThrow(() => requestSchemas.setDevice({ windowId: 1, device }, 'params'), p.id);
    }
    assert.equal(emulationOf(findPreset('laptop')!), null, 'a desktop size removes the overrides');
  });

  it('knows that WebView2 emulates all four and WebKitGTK the viewport and the user agent only', () => {
    const phone = emulationOf(findPreset('phone')!);
    assert.deepEqual(EMULATED_BY.WebView2, ['viewport', 'userAgent', 'pixelRatio', 'touch']);
    assert.deepEqual(engineEmulates(phone, 'WebKitGTK'), { emulated: ['viewport', 'userAgent'], notEmulated: ['pixelRatio', 'touch'] });
    assert.deepEqual(engineEmulates(phone, 'WebView2'), { emulated: ['viewport', 'userAgent', 'pixelRatio', 'touch'], notEmulated: [] });
    assert.deepEqual(engineEmulates(null, 'WebKitGTK'), { emulated: [], notEmulated: [] });
  });

  it('says in the picker, the status bar and the log what is emulated and what is not, on which engine', () => {
    const phone = findPreset('phone')!;
    assert.equal(presetSummary(phone), '375 \u00d7 667, pixel ratio 2, touch');
    assert.equal(presetSummary(findPreset('laptop')!), '1280 \u00d7 800 (desktop)');
    assert.equal(presetNote(phone, 'WebKitGTK'), 'viewport 375 \u00d7 667 and user agent emulated; pixel ratio 2 and touch are not emulated on WebKitGTK');
    assert.equal(presetNote(phone, 'WebView2'), 'viewport 375 \u00d7 667, user agent, pixel ratio 2 and touch emulated');
    assert.equal(presetNote(findPreset('laptop')!, 'WebView2'), 'desktop size: no user agent, pixel ratio or touch override');
    const device = emulationOf(findPreset('android')!)!;
    assert.equal(emulationNote(device, { emulated: ['viewport', 'userAgent', 'pixelRatio'], notEmulated: ['touch'] }, 'WebKitGTK'),
      'viewport 412 \u00d7 915, user agent and pixel ratio 2.625 emulated; touch is not emulated on WebKitGTK');
  });

  it('WebView2 sends the Emulation domain\'s calls with Chromium\'s parameter types, and clears each on reset', () => {
    const phone = emulationOf(findPreset('phone')!);
    assert.deepEqual(emulationCalls(phone), [
      ['Emulation.setDeviceMetricsOverride', { width: 375, height: 667, deviceScaleFactor: 2, mobile: true }],
      ['Emulation.setUserAgentOverride', { userAgent: phone!.userAgent }],
      ['Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 }],
    ]);
    assert.deepEqual(emulationCalls(null), [
      ['Emulation.clearDeviceMetricsOverride', {}],
      ['Emulation.setUserAgentOverride', { userAgent: '' }],
      ['Emulation.setTouchEmulationEnabled', { enabled: false }],
    ]);
  });

  it('refuses a device the engines must not see: a user agent with a line break, a ratio out of range, a missing field', () => {
    const device = emulationOf(findPreset('phone')!)!;
    assert.throws(() => requestSchemas.setDevice({ windowId: 1, device: { ...device, userAgent: 'a\nb' } }, 'params'), /params\.device\.userAgent must be printable ASCII/);
    assert.throws(() => requestSchemas.setDevice({ windowId: 1, device: { ...device, pixelRatio: 9 } }, 'params'), /params\.device\.pixelRatio/);
    const { touch: _touch, ...partial } = device;
    assert.throws(() => requestSchemas.setDevice({ windowId: 1, device: partial }, 'params'), /params\.device\.touch/);
  });
});
