// Folders for profiles and screenshots: made level by level, failures in plain words.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderError, FolderRefusal, prepareFolder } from '../../src/helper/prepareFolder';

describe('preparing a folder off the UI thread', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-folder-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('makes missing parents and accepts a folder that exists', async () => {
    const deep = path.join(root, 'a', 'b', 'c');
    await prepareFolder(deep, 'profile folder');
    assert.ok(fs.statSync(deep).isDirectory());
    await prepareFolder(deep, 'profile folder');
  });

  it('says which folder and why when a file is in the way', async () => {
    const file = path.join(root, 'file');
    fs.writeFileSync(file, 'x');
    await assert.rejects(prepareFolder(path.join(file, 'sub'), 'profile folder'), (err: unknown) =>
      err instanceof FolderError && err.message.startsWith(`cannot create the profile folder ${path.join(file, 'sub')}: `));
    await assert.rejects(prepareFolder(file, 'screenshot folder'), /cannot create the screenshot folder .*: .* exists and is not a folder/);
  });
});

// Issue 15: a profile folder that group or others can write (cookies.sqlite inside was 0644) is
// made its owner's only with a log line, or refused when it is not ours to change.
describe('a profile folder others can write (not on Windows)', function () {
  if (process.platform === 'win32') return;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-profile-mode-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

  it('tightens an existing 0777 profile folder to 0700 and says so', async () => {
    const folder = path.join(root, 'wide');
    fs.mkdirSync(folder);
    fs.chmodSync(folder, 0o777);
    const lines: string[] = [];
    await prepareFolder(folder, 'profile folder', { mode: 0o700, log: (m) => lines.push(m) });
    assert.equal(modeOf(folder), 0o700);
    assert.deepEqual(lines, [`the profile folder ${folder} could be written by group or others (mode 0777): tightened to 0700`]);
  });

  it('leaves a folder nobody else can write, and a folder made without a mode (screenshots), alone', async () => {
    const readable = path.join(root, 'readable');
    fs.mkdirSync(readable);
    fs.chmodSync(readable, 0o755);
    const lines: string[] = [];
    await prepareFolder(readable, 'profile folder', { mode: 0o700, log: (m) => lines.push(m) });
    assert.equal(modeOf(readable), 0o755);
    const shots = path.join(root, 'shots');
    fs.mkdirSync(shots);
    fs.chmodSync(shots, 0o777);
    await prepareFolder(shots, 'screenshot folder', { log: (m) => lines.push(m) });
    assert.equal(modeOf(shots), 0o777);
    assert.deepEqual(lines, []);
  });

  it('refuses a folder others can write that belongs to another user, with the reason', async function () {
    let foreign: string;
    if (process.getuid?.() === 0) {
      foreign = path.join(root, 'theirs');
      fs.mkdirSync(foreign);
      fs.chmodSync(foreign, 0o777);
      fs.chownSync(foreign, 65534, 65534);
    } else {
      foreign = os.tmpdir(); // 1777 and root's on Linux
      if (fs.statSync(foreign).uid === process.getuid?.() || (modeOf(foreign) & 0o022) === 0) this.skip();
    }
    const before = modeOf(foreign);
    await assert.rejects(prepareFolder(foreign, 'profile folder', { mode: 0o700, log: () => assert.fail('nothing was changed') }), (err: unknown) =>
      err instanceof FolderRefusal
        && /^cannot use the profile folder .*: group or others can write it \(mode 0\d{3}\) and it belongs to user \d+, not to you, so it cannot be made 0700; use a folder of your own$/.test(err.message));
    assert.equal(modeOf(foreign), before);
  });
});

// The same request on Windows, where folders have ACLs and no modes: a profile folder is made or
// accepted as it is, with nothing tightened and nothing said (the user's profile ACLs apply).
describe('a profile folder on Windows (ACLs, not modes)', function () {
  if (process.platform !== 'win32') return;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-profile-acl-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('makes a new profile folder and accepts an existing one without a word', async () => {
    const lines: string[] = [];
    const fresh = path.join(root, 'new', 'profile');
    await prepareFolder(fresh, 'profile folder', { mode: 0o700, log: (m) => lines.push(m) });
    assert.ok(fs.statSync(fresh).isDirectory());
    await prepareFolder(fresh, 'profile folder', { mode: 0o700, log: (m) => lines.push(m) });
    assert.deepEqual(lines, []);
  });

  it('refuses a profile path whose parent is a file, naming it', async () => {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'x');
    await assert.rejects(prepareFolder(path.join(file, 'profile'), 'profile folder', { mode: 0o700 }), (err: unknown) =>
      err instanceof FolderError && err.message.startsWith(`cannot create the profile folder ${path.join(file, 'profile')}: `));
  });
});
