// The linux-x64 VSIX: only the glibc koffi binary, and its CLI runs from the unpacked package.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageVsix, unpackVsix, vsixEntries } from '../support/vsix';

describe('linux-x64 VSIX', function () {
  let vsix: string;
  before(function () {
    this.timeout(120000);
    vsix = packageVsix('linux-x64');
  });

  it('carries koffi\'s glibc binary and no other', () => {
    const binaries = vsixEntries(vsix).filter((e) => e.endsWith('.node'));
    assert.deepEqual(binaries, ['extension/node_modules/@koromix/koffi-linux-x64/linux_x64/koffi.node']);
  });

  it('runs doctor from the unpacked package with its own koffi, and exits 0 with a verdict', () => {
    const dir = unpackVsix(vsix);
    try {
      const cli = path.join(dir, 'extension', 'dist', 'cli.js');
      const r = spawnSync(process.execPath, [cli, 'doctor', '--windows', '1'], { encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /WebKitGTK/);
      assert.equal(r.stdout.trimEnd().split('\n').pop(), 'verdict: healthy: 1 window, 0 stalls');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
