import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportCookies, ExportError, isExportFormat, toNetscape, toPlaywright } from '../../src/cookies/exportFormats';
import { checkPrivateFileTarget, ExportFileError, writePrivateFile } from '../../src/cookies/exportFile';
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

  it('refuses a field that would break a cookies.txt line, and a cookie without a domain', () => {
    assert.throws(() => toNetscape([{ ...session, value: 'a\tb' }]), ExportError);
    assert.throws(() => toNetscape([{ ...session, name: 'x\ny' }]), /holds a tab or line break/);
    assert.throws(() => toNetscape([{ ...session, domain: '' }]), (err: unknown) => err instanceof ExportError && err.message === 'cookie "sid" has no domain');
  });

  it('starts cookies.txt with its two comment lines and a blank one, and writes a missing path as / in both formats', () => {
    const noPath = { ...domainWide, path: '' };
    const text = exportCookies([noPath], 'netscape');
    assert.equal(text, toNetscape([noPath]));
    assert.deepEqual(text.split('\n').slice(0, 4), [
      '# Netscape HTTP Cookie File', '# Written by webview2-host. Holds session secrets: keep it private.', '',
      '.example.test\tTRUE\t/\tFALSE\t1925089445\tpref\tdark',
    ]);
    assert.equal(toPlaywright([noPath]).cookies[0].path, '/');
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

// Issue 15: an export never writes through a symbolic link, into a folder, a special file, a file
// with other names, or somebody else's file; each refusal is one line and leaves the target as it was.
const refused = (pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof ExportFileError, String(err));
  assert.match(err.message, pattern);
  assert.doesNotMatch(err.message, /\n/);
  return true;
};

describe('cookie export files: what they refuse, on every platform', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-export-refusals-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says a folder is a folder, and a missing folder is missing, in one line', () => {
    assert.throws(() => writePrivateFile(dir, 'x'), refused(/^cannot write .*: it is a folder \(name a file in it\)$/));
    const missing = path.join(dir, 'nope');
    const inMissing = path.join(missing, 'c.json');
    assert.throws(() => writePrivateFile(inMissing, 'x'), (err: unknown) => refused(/does not exist$/)(err) && (err as Error).message === `cannot write ${inMissing}: the folder ${missing} does not exist`);
    const file = path.join(dir, 'file');
    fs.writeFileSync(file, 'x');
    assert.throws(() => writePrivateFile(path.join(file, 'c.json'), 'x'), refused(/is not a folder$/));
    assert.ok(!fs.existsSync(missing));
  });

  it('refuses a file with another hard link, and leaves it as it was', () => {
    const original = path.join(dir, 'original');
    fs.writeFileSync(original, 'kept');
    const other = path.join(dir, 'other-name');
    fs.linkSync(original, other);
    assert.throws(() => writePrivateFile(other, 'secret'), refused(/has 1 other hard link/));
    assert.throws(() => checkPrivateFileTarget(original), refused(/has 1 other hard link/));
    assert.equal(fs.readFileSync(original, 'utf8'), 'kept');
  });

  it('still replaces a file of ours, shorter text included', () => {
    const file = path.join(dir, 'cookies.json');
    fs.writeFileSync(file, 'a much longer old content');
    writePrivateFile(file, 'new');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.equal(checkPrivateFileTarget(path.join(dir, 'fresh.txt')), path.join(dir, 'fresh.txt'));
    assert.ok(!fs.existsSync(path.join(dir, 'fresh.txt')), 'the check creates nothing');
  });
});

describe('cookie export files: what they refuse on POSIX systems (links, FIFOs, owners)', function () {
  if (process.platform === 'win32') return; // no symbolic links under Wine, no FIFOs or uids on Windows
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-export-safety-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a symbolic link, to an existing file or a dangling one, and leaves its target alone', () => {
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'precious', { mode: 0o644 });
    fs.chmodSync(victim, 0o644);
    const link = path.join(dir, 'cookies.txt');
    fs.symlinkSync(victim, link);
    assert.throws(() => writePrivateFile(link, 'secret'), refused(/^refusing to write .*cookies\.txt: it is a symbolic link/));
    assert.throws(() => checkPrivateFileTarget(link), refused(/symbolic link/));
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
    assert.equal(fs.statSync(victim).mode & 0o777, 0o644);
    const dangling = path.join(dir, 'dangling.json');
    fs.symlinkSync(path.join(dir, 'made-through-the-link'), dangling);
    assert.throws(() => writePrivateFile(dangling, 'secret'), refused(/symbolic link/));
    assert.ok(!fs.existsSync(path.join(dir, 'made-through-the-link')));
  });


  it('refuses a FIFO without blocking', () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    assert.throws(() => writePrivateFile(fifo, 'x'), refused(/not a regular file/));
  });

  it('refuses a file that belongs to another user, and leaves it as it was', () => {
    let foreign: string;
    if (process.getuid?.() === 0) {
      foreign = path.join(dir, 'theirs.json');
      fs.writeFileSync(foreign, 'theirs', { mode: 0o666 });
      fs.chownSync(foreign, 65534, 65534);
    } else {
      foreign = '/etc/passwd'; // root's; refused on its owner before any open
    }
    const before = fs.readFileSync(foreign, 'utf8');
    assert.throws(() => writePrivateFile(foreign, 'secret'), refused(/^refusing to write .*: it belongs to user \d+, not to you$/));
    assert.equal(fs.readFileSync(foreign, 'utf8'), before);
  });

  // The checks are made again on the opened descriptor: a target changed between the first look
  // and the open, as another process could change it, is refused there, and left as it was.
  describe('a target changed between the check and the write', () => {
    const nodeFs = require('node:fs') as typeof fs; // the module object itself, whose openSync the writer calls
    /** Runs `change` once, just before the writer opens the file. */
    function changedBeforeOpen<T>(change: () => void, write: () => T): T {
      const open = nodeFs.openSync;
      nodeFs.openSync = ((...args: Parameters<typeof fs.openSync>) => {
        nodeFs.openSync = open;
        change();
        return open(...args);
      }) as typeof fs.openSync;
      try {
        return write();
      } finally {
        nodeFs.openSync = open;
      }
    }

    it('a symbolic link put in place: refused (O_NOFOLLOW), its target untouched', () => {
      const victim = path.join(dir, 'victim');
      fs.writeFileSync(victim, 'precious');
      const target = path.join(dir, 'cookies.txt');
      assert.throws(() => changedBeforeOpen(() => fs.symlinkSync(victim, target), () => writePrivateFile(target, 'secret')),
        (err: unknown) => refused(/^cannot write .*cookies\.txt: it is a symbolic link \(name the file itself\)$/)(err));
      assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
    });

    it('another hard link made: refused on the descriptor before anything is emptied or written', () => {
      const target = path.join(dir, 'cookies.txt');
      fs.writeFileSync(target, 'kept');
      assert.throws(() => changedBeforeOpen(() => fs.linkSync(target, path.join(dir, 'elsewhere')), () => writePrivateFile(target, 'secret')),
        refused(/^refusing to write .*: it has 1 other hard link\(s\)$/));
      assert.equal(fs.readFileSync(target, 'utf8'), 'kept');
    });

    // (A FIFO put in place is not among them: without O_NONBLOCK the open would block the test
    // run for good rather than fail it.)
    it('a folder put in place, or the folder taken away: each said in words', () => {
      const target = path.join(dir, 'cookies.txt');
      assert.throws(() => changedBeforeOpen(() => fs.mkdirSync(target), () => writePrivateFile(target, 'x')), refused(/^cannot write .*: it is a folder \(name a file in it\)$/));
      const folder = path.join(dir, 'gone');
      fs.mkdirSync(folder);
      const inFolder = path.join(folder, 'c.json');
      assert.throws(() => changedBeforeOpen(() => fs.rmdirSync(folder), () => writePrivateFile(inFolder, 'x')),
        (err: unknown) => refused(/does not exist$/)(err) && (err as Error).message === `cannot write ${inFolder}: the folder ${folder} does not exist`);
    });
  });

  it('says in one line why it cannot look at a target at all (a name too long)', () => {
    assert.throws(() => writePrivateFile(path.join(dir, 'x'.repeat(300)), 'x'), refused(/^cannot write .*: ENAMETOOLONG: name too long/));
  });
});
