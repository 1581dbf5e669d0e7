// The machine code of our COM objects' IUnknown slots (src/webview2/nativeUnknown.ts), run on the
// machine each is for by a small C program (native/stub-check/unknownStubs.c): the x64 stubs
// natively, called with the Microsoft ABI; the ARM64 stubs built with the aarch64 cross compiler
// and run under qemu-aarch64, as no Windows on ARM64 is reachable here. Both must answer exactly
// as COM's rules say, and keep an exact count while eight threads add and drop references at once.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unknownStubs } from '../../src/webview2/nativeUnknown';
import { ROOT } from '../support/harness';

const SOURCE = path.join(ROOT, 'native', 'stub-check', 'unknownStubs.c');
const S_OK = 0, E_NOINTERFACE = 0x80004002 | 0, E_POINTER = 0x80004003 | 0;

const MACHINES = [
  { arch: 'x64', compiler: 'gcc', flags: [], run: [] as string[] },
  { arch: 'arm64', compiler: 'aarch64-linux-gnu-gcc', flags: ['-static'], run: ['qemu-aarch64'] },
];

function found(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the IUnknown machine code of our COM objects, on its own machine', () => {
  let folder: string;
  before(() => { folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-stubs-')); });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  for (const m of MACHINES) {
    it(`${m.arch}: QueryInterface, AddRef and Release answer as COM says; the count stays exact across threads; the last Release is counted once`, () => {
      for (const tool of [m.compiler, ...m.run]) {
        assert.ok(found(tool), `${tool} is not installed (bash .ci/install-deps wine installs it)`);
      }
      const stubs = unknownStubs(m.arch);
      assert.ok(stubs, `no stubs for ${m.arch}`);
      const code = path.join(folder, `${m.arch}.bin`);
      fs.writeFileSync(code, stubs.code);
      const program = path.join(folder, `check-${m.arch}`);
      execFileSync(m.compiler, ['-O1', '-Wall', '-Werror', '-pthread', ...m.flags, '-o', program, SOURCE]);
      const { queryInterface, addRef, release, counterAt } = stubs.layout;
      const [command, ...args] = [...m.run, program, code, ...[queryInterface, addRef, release, counterAt].map(String)];
      const report = JSON.parse(execFileSync(command, args, { encoding: 'utf8', timeout: 60000 }));
      assert.deepEqual(report, {
        addRef: [2, 3], // each returns the new count
        queryIUnknown: [S_OK, 1, 4], // itself, with a reference more
        queryOwn: [S_OK, 1, 5],
        queryOther: [E_NOINTERFACE, 1, 5], // the out-parameter cleared, no reference taken
        queryHalf: [E_NOINTERFACE, 1, 5], // IUnknown's second half alone is not IUnknown
        queryNoOut: E_POINTER,
        afterThreads: [5, 0], // 8 threads x 200000 AddRefs and as many Releases
        release: [4, 3, 2, 1, 0], // each returns the count left
        releasedToZero: 1,
      });
    });
  }
});
