// Folders for profiles and screenshots: made level by level, failures in plain words.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderError, prepareFolder } from '../../src/helper/prepareFolder';

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
