// Windows nobody placed open cascaded on the real X display, never exactly on top of each other
// (with no window manager every one used to sit at 0,0 on the one before).
import * as assert from 'node:assert/strict';
import type { WindowInfo } from '../../src/protocol';
import { linuxSuite } from '../support/linuxSuite';
import { until } from '../support/until';
import { windowGeometry } from '../support/x11Windows';

describe('Linux: where new windows open', function () {
  const suite = linuxSuite();

  it('three windows without a position open at three places, stepping down and to the right', async () => {
    const env = await suite.h.environment();
    const opened: WindowInfo[] = [];
    for (let i = 0; i < 3; i++) opened.push(await suite.h.openLoaded(env, `${suite.server.origin}/plain`));
    const places = await until('the windows placed on the display', () => {
      const p = opened.map((w) => windowGeometry(w.nativeHandle));
      return new Set(p.map((g) => `${g.x},${g.y}`)).size === 3 ? p : undefined;
    });
    assert.ok(places[1].x > places[0].x && places[1].y > places[0].y, JSON.stringify(places));
    assert.ok(places[2].x > places[1].x && places[2].y > places[1].y, JSON.stringify(places));
  });
});
