// Lending the helper the right to take the foreground (src/client/foregroundRights.ts): before the
// requests that activate a window, with the helper's pid, and only those.
import * as assert from 'node:assert/strict';
import { Requests } from '../../src/protocol';
import { lendForeground, user32Allow } from '../../src/client/foregroundRights';

describe('lending the helper the foreground (AllowSetForegroundWindow)', () => {
  const logs: string[] = [];
  const log = (level: string, message: string) => void logs.push(`${level}: ${message}`);
  beforeEach(() => { logs.length = 0; });

  it('lends it with the helper\'s pid before focus and createWindow, and before nothing else', () => {
    const lent: number[] = [];
    const allow = (pid: number) => { lent.push(pid); return 1; };
    assert.equal(lendForeground(Requests.focus.method, 4242, log, allow), true);
    assert.equal(lendForeground(Requests.createWindow.method, 4242, log, allow), true);
    for (const other of [Requests.navigate.method, Requests.setBounds.method, Requests.listWindows.method]) {
      assert.equal(lendForeground(other, 4242, log, allow), false, other);
    }
    assert.equal(lendForeground(Requests.focus.method, undefined, log, allow), false, 'no helper yet');
    assert.deepEqual(lent, [4242, 4242]);
    assert.deepEqual(logs, []);
  });

  it('says in the log when Windows refuses (this process has no right to lend), without failing the request', () => {
    assert.equal(lendForeground(Requests.focus.method, 4242, log, () => 0), false);
    assert.equal(logs.length, 1);
    assert.match(logs[0], /^debug: AllowSetForegroundWindow\(4242\) was refused: .*flash in the taskbar/);
  });

  it('binds user32\'s AllowSetForegroundWindow on Windows (node.exe under Wine in the unit-win32 suite), nothing elsewhere', () => {
    if (process.platform === 'win32') assert.equal(typeof user32Allow(), 'function');
    else {
      assert.equal(user32Allow(), null);
      assert.equal(lendForeground(Requests.focus.method, 4242, log), false, 'nothing to call off Windows');
    }
  });
});
