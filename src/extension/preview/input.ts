// What a user typed into Open URL…: a workspace file (relative to the workspace folder) or a URL.
// Free of the vscode module; the caller supplies the folders and a way to test for a file.
import { toNavigableUrl } from '../../urls';

export type OpenInput =
  | { kind: 'url'; url: string }
  | { kind: 'workspaceFile'; folder: string; relativePath: string };

/** File types a page is made of; a name ending so is a file, never a host ("index.html"). */
const PAGE_FILE = /\.(html?|xhtml|svg|xml|txt|json|css|js|mjs|png|jpe?g|gif|webp|pdf)$/i;

/** A path relative to the workspace: "./x", "../x", "index.html", "pages/a.htm", "docs\\b.html". */
export function looksLikeRelativePath(text: string): boolean {
  const t = text.trim();
  if (/^\.{1,2}[\\/]/.test(t)) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(t) || t.startsWith('/') || t.startsWith('\\')) return false;
  const path = t.split(/[?#]/)[0];
  return PAGE_FILE.test(path);
}

/**
 * Resolves the input: a relative path that names a file in one of the folders (checked in order)
 * is that file; a relative-looking path that names no file is an error that says where it looked;
 * anything else goes through toNavigableUrl.
 */
export async function resolveOpenInput(
  input: string, folders: { name: string; key: string }[], exists: (folderKey: string, relativePath: string) => Promise<boolean>,
): Promise<OpenInput> {
  const text = input.trim();
  const relative = text !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[\\/]/.test(text);
  if (relative && folders.length > 0) {
    const relativePath = text.replace(/\\/g, '/').replace(/^\.\//, '');
    if (relativePath) {
      for (const folder of folders) {
        if (await exists(folder.key, relativePath)) return { kind: 'workspaceFile', folder: folder.key, relativePath };
      }
    }
    if (looksLikeRelativePath(text)) {
      const where = folders.map((f) => f.name).join(', ');
      throw new Error(`"${text}" is not a file in the workspace folder${folders.length > 1 ? 's' : ''} ${where}`);
    }
  } else if (relative && looksLikeRelativePath(text)) {
    throw new Error(`"${text}" is a relative path, and no workspace folder is open to resolve it against: open a folder, or type an absolute path or a URL`);
  }
  return { kind: 'url', url: toNavigableUrl(text) };
}
