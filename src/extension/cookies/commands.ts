// Cookie commands: Show Cookies, the cookie view, exports, snapshots and their diff, and edits.
// Each is declared with its name; called from code with arguments, a command asks nothing and
// returns its result. No cookie value is ever written to the log here.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkPrivateFileTarget, writePrivateFile } from '../../cookies/exportFile';
import { exportCookies as renderExport, isExportFormat, type ExportFormat } from '../../cookies/exportFormats';
import { diffCookies, formatDiff, type CookieDiff, type CookieSnapshot } from '../../cookies/snapshotDiff';
import { Requests, type Cookie, type CookieInput } from '../../protocol';
import { formatCookie } from '../../client/format';
import { command, type Caller, type Command } from '../command';
import type { Ctx } from '../ctx';
import { pickWindow } from '../windows/picker';
import { draftCookie, draftProblem, type CookieDraft } from './draft';
import type { CookieKeyOf } from './view';
import type { CookieWorkbench } from './workbench';

/** The window picker every command uses: with none open, the one "nothing open" message (the helper is not started for it). */
async function pickWindowId(ctx: Ctx, title: string, caller: Caller = 'person'): Promise<number | undefined> {
  return (await pickWindow(ctx, caller, undefined, title))?.windowId;
}

function describeKey(k: CookieKeyOf): string {
  return `${k.name} (${k.domain}${k.path})`;
}

/** Show Cookies: logs a window's cookies (values masked unless revealed) and, for a person, opens
 *  its cookie view; returns the cookies. */
export const showCookies = command('showCookies', (ctx, caller) => async (windowId?: number, options?: { reveal?: boolean }) => {
  let id = windowId;
  if (id === undefined) {
    const picked = await pickWindow(ctx, caller, undefined, 'WebView2: Show Cookies');
    if (!picked) return undefined;
    id = picked.windowId;
  }
  const cookies: Cookie[] = await ctx.client.request(Requests.getCookies, { windowId: id });
  const reveal = options?.reveal ?? ctx.config.revealCookieValues;
  const info = ctx.client.windows.get(id);
  ctx.output.info(`cookies of window ${id} (${info?.url ?? '?'}): ${cookies.length}${reveal ? '' : ' (values masked; setting webview2Host.revealCookieValues shows them)'}`);
  for (const c of cookies) ctx.output.info(`  ${formatCookie(c, reveal)}`);
  if (caller === 'person') await ctx.cookies.show(id); // the table; values masked until revealed there
  return cookies;
});

/** Opens the cookie view of a window and returns what it shows (values masked unless revealed). */
export const showCookieView = command('showCookieView', (ctx, caller) => async (windowId?: number) => {
  const id = windowId ?? await pickWindowId(ctx, 'WebView2: Cookies of…', caller);
  if (id === undefined) return undefined;
  const view = await ctx.cookies.show(id);
  return view.describe();
});

// --- export ---

const FORMATS: { format: ExportFormat; label: string; detail: string; file: string }[] = [
  { format: 'netscape', label: 'cookies.txt (Netscape)', detail: 'for curl -b and wget --load-cookies', file: 'cookies.txt' },
  { format: 'playwright', label: 'Playwright storageState', detail: 'for browser.newContext({ storageState })', file: 'storageState.json' },
  { format: 'json', label: 'JSON', detail: 'name, value, domain, path, expires, flags, as Show Cookies returns them', file: 'cookies.json' },
];

export const exportCookies = command('exportCookies', (ctx, caller) => async (windowId?: number, options?: { format?: string; path?: string; confirmValues?: boolean }) => {
  if (caller === 'person') {
    const id = windowId ?? await pickWindowId(ctx, 'WebView2: Export Cookies of…');
    return id === undefined ? undefined : exportInteractively(ctx.cookies, id);
  }
  if (windowId === undefined) throw new Error('exportCookies needs a window id when called from code');
  const format = options?.format ?? '';
  if (!isExportFormat(format)) throw new Error(`format must be json, netscape or playwright, not "${format}"`);
  if (!options?.path) throw new Error('exportCookies needs a path');
  if (options.confirmValues !== true) throw new Error('an export writes cookie values in plain text: pass { confirmValues: true } to confirm');
  checkPrivateFileTarget(options.path);
  return writeExport(ctx, windowId, format, options.path);
});

/** writePrivateFile refuses a symbolic link, a folder and a file that is not the user's, in one line. */
async function writeExport(ctx: Ctx, windowId: number, format: ExportFormat, file: string): Promise<{ path: string; format: ExportFormat; count: number }> {
  const cookies: Cookie[] = await ctx.client.request(Requests.getCookies, { windowId });
  const written = writePrivateFile(file, renderExport(cookies, format));
  ctx.output.info(`exported ${cookies.length} cookie(s) of window ${windowId} as ${format} to ${written}${process.platform === 'win32' ? '' : ' (mode 0600)'}`);
  return { path: written, format, count: cookies.length };
}

export async function exportInteractively(w: CookieWorkbench, windowId: number): Promise<{ path: string; format: ExportFormat; count: number } | undefined> {
  const picked = await vscode.window.showQuickPick(FORMATS.map((f) => ({ ...f, description: f.file })), { title: `WebView2: Export Cookies of window ${windowId} as…` });
  if (!picked) return undefined;
  const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(homeFolder(), picked.file), title: 'Export cookies to', saveLabel: 'Export' });
  if (!target) return undefined;
  // The extension host writes the file itself: a path on its own machine (file:, or the remote
  // scheme of a browser-based or remote workbench whose extension host runs beside the files).
  if (target.scheme !== 'file' && target.scheme !== 'vscode-remote') throw new Error(`cookies can be exported only to a file on the extension host's machine, not to ${target.scheme}:`);
  // A link, a folder or somebody else's file is refused before anyone is asked to confirm.
  checkPrivateFileTarget(target.fsPath);
  const count = (await w.ctx.client.request(Requests.getCookies, { windowId })).length;
  const confirm = await vscode.window.showWarningMessage(
    `Write ${count} cookie value(s) in plain text to ${path.basename(target.fsPath)}?`,
    { modal: true, detail: `Anyone who can read ${target.fsPath} can use these sessions. The file is created readable by you only.` },
    'Write Values',
  );
  if (confirm !== 'Write Values') return undefined;
  const result = await writeExport(w.ctx, windowId, picked.format, target.fsPath);
  void vscode.window.showInformationMessage(`Exported ${result.count} cookie(s) to ${result.path}.`);
  return result;
}

/**
 * Where the save dialog starts: the user's home folder on the extension host's machine, never the
 * workspace (session values beside the sources are one `git add .` away from a commit). A remote
 * or browser-based workbench reaches that machine through its workspace's scheme.
 */
function homeFolder(): vscode.Uri {
  const home = os.homedir();
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (workspace && workspace.scheme !== 'file') return workspace.with({ path: vscode.Uri.file(home).path, query: '', fragment: '' });
  return vscode.Uri.file(home);
}

// --- snapshots ---

export const takeCookieSnapshot = command('takeCookieSnapshot', (ctx, caller) => async (windowId?: number) => {
  const id = windowId ?? await pickWindowId(ctx, 'WebView2: Snapshot the Cookies of…', caller);
  if (id === undefined) return undefined;
  const cookies: Cookie[] = await ctx.client.request(Requests.getCookies, { windowId: id });
  const snapshot: CookieSnapshot = { windowId: id, url: ctx.preview.present(ctx.client.windows.get(id)?.url ?? ''), takenAt: Date.now(), cookies };
  ctx.cookies.snapshots.set(id, snapshot);
  ctx.output.info(`cookie snapshot of window ${id}: ${cookies.length} cookie(s) at ${snapshot.url}`);
  if (caller === 'person') void vscode.window.setStatusBarMessage(`WebView2: snapshot of ${cookies.length} cookie(s) taken`, 4000);
  return { windowId: id, count: cookies.length, takenAt: snapshot.takenAt, url: snapshot.url };
});

export const diffCookieSnapshot = command('diffCookieSnapshot', (ctx, caller) => async (windowId?: number, options?: { reveal?: boolean }) => {
  const w = ctx.cookies;
  let id = windowId;
  if (id === undefined) {
    const withSnapshots = [...w.snapshots.keys()];
    id = withSnapshots.length === 1 ? withSnapshots[0] : await pickWindowId(ctx, 'WebView2: Compare the Cookies of…', caller);
    if (id === undefined) return undefined;
  }
  const snapshot = w.snapshots.get(id);
  if (!snapshot) throw new Error(`no cookie snapshot of window ${id}: take one first (WebView2: Take Cookie Snapshot)`);
  const now: Cookie[] = await ctx.client.request(Requests.getCookies, { windowId: id });
  const diff: CookieDiff = diffCookies(snapshot.cookies, now, options?.reveal === true);
  const masked = options?.reveal ? diffCookies(snapshot.cookies, now) : diff;
  const lines = formatDiff(masked);
  ctx.output.info(`cookies of window ${id} since the snapshot of ${new Date(snapshot.takenAt).toLocaleTimeString()}: ${lines[0]}`);
  for (const line of lines.slice(1)) ctx.output.info(`  ${line}`);
  if (caller === 'person') {
    void vscode.window.showInformationMessage(`Cookies since the snapshot: ${lines[0]}.`, 'Show Output').then((c) => { if (c) ctx.output.show(true); });
  }
  return diff;
});

// --- edits ---

export const setCookie = command('setCookie', (ctx, caller) => async (windowId?: number, cookie?: CookieInput) => {
  if (caller === 'person' && cookie === undefined) {
    const id = windowId ?? await pickWindowId(ctx, 'WebView2: Add or Edit a Cookie of…');
    return id === undefined ? undefined : editInteractively(ctx.cookies, id, undefined);
  }
  if (windowId === undefined) throw new Error('setCookie needs a window id when called from code');
  if (cookie === undefined) throw new Error('setCookie needs a cookie { name, value, domain, ... }');
  await ctx.client.request(Requests.setCookie, { windowId, cookie });
  ctx.output.info(`window ${windowId}: cookie ${describeKey({ name: cookie.name, domain: cookie.domain, path: cookie.path ?? '/' })} set`);
  await ctx.cookies.refreshViews(windowId);
  return true;
});

export const deleteCookie = command('deleteCookie', (ctx, caller) => async (windowId?: number, key?: CookieKeyOf) => {
  if (caller === 'person') {
    const id = windowId ?? await pickWindowId(ctx, 'WebView2: Delete a Cookie of…');
    return id === undefined ? undefined : deleteInteractively(ctx.cookies, id, key);
  }
  if (windowId === undefined) throw new Error('deleteCookie needs a window id when called from code');
  if (!key) throw new Error('deleteCookie needs { name, domain, path }');
  await ctx.client.request(Requests.deleteCookie, { windowId, name: key.name, domain: key.domain, path: key.path });
  ctx.output.info(`window ${windowId}: cookie ${describeKey(key)} deleted`);
  await ctx.cookies.refreshViews(windowId);
  return true;
});

export const clearCookies = command('clearCookies', (ctx, caller) => async (windowId?: number) => {
  let id = windowId;
  if (id === undefined && caller === 'code') throw new Error('clearCookies needs a window id when called from code');
  if (caller === 'person') {
    id ??= await pickWindowId(ctx, 'WebView2: Clear the Cookies of…');
    if (id === undefined) return undefined;
    const env = ctx.client.windows.get(id)?.environmentId;
    const choice = await vscode.window.showWarningMessage(`Delete every cookie of environment ${env ?? '?'} (all its windows)?`, { modal: true }, 'Delete All');
    if (choice !== 'Delete All') return undefined;
  }
  const target = id as number;
  const count = await ctx.client.request(Requests.clearCookies, { windowId: target });
  ctx.output.info(`window ${target}: ${count} cookie(s) of its environment cleared`);
  await ctx.cookies.refreshViews(target);
  return count;
});

export async function deleteInteractively(w: CookieWorkbench, windowId: number, key: CookieKeyOf | undefined): Promise<boolean | undefined> {
  let target = key;
  if (!target) {
    const cookies: Cookie[] = await w.ctx.client.request(Requests.getCookies, { windowId });
    if (cookies.length === 0) throw new Error(`window ${windowId} has no cookies`);
    const item = await vscode.window.showQuickPick(cookies.map((c) => ({ label: c.name, description: `${c.domain}${c.path}`, key: { name: c.name, domain: c.domain, path: c.path } })), { title: 'Delete which cookie?' });
    if (!item) return undefined;
    target = item.key;
  }
  const choice = await vscode.window.showWarningMessage(`Delete the cookie ${describeKey(target)}?`, { modal: true }, 'Delete');
  if (choice !== 'Delete') return undefined;
  return deleteCookie.factory(w.ctx, 'code')(windowId, target) as Promise<boolean>;
}

/**
 * Asks for each field in turn, checked as typed; an existing cookie's fields (its value too) are the
 * defaults. A combination the rules refuse is reported at the step that makes it, and the prompts
 * open again with everything typed so far filled in; nothing the user typed is lost.
 */
export async function editInteractively(w: CookieWorkbench, windowId: number, key: CookieKeyOf | undefined): Promise<boolean | undefined> {
  const cookies: Cookie[] = await w.ctx.client.request(Requests.getCookies, { windowId });
  const existing = key ? cookies.find((c) => c.name === key.name && c.domain === key.domain && c.path === key.path) : undefined;
  if (key && !existing) throw new Error(`window ${windowId} has no cookie ${describeKey(key)} any more`);
  const url = w.ctx.client.windows.get(windowId)?.url ?? '';
  let host = '';
  try { host = new URL(url).hostname; } catch { /* no host yet */ }
  let draft: CookieDraft = existing
    ? {
      name: existing.name, value: existing.value, domain: existing.domain, path: existing.path,
      expiryText: !existing.session && existing.expires !== null ? new Date(existing.expires * 1000).toISOString() : 'session',
      httpOnly: existing.httpOnly, secure: existing.secure, sameSite: existing.sameSite,
    }
    : { domain: host, path: '/', expiryText: 'session', httpOnly: true, secure: url.startsWith('https:'), sameSite: 'lax' };
  const title = existing ? `Edit cookie ${existing.name}` : `Add a cookie to window ${windowId}`;
  for (;;) {
    const asked = await askCookie(title, draft, host, existing !== undefined);
    if (asked.cancelled) return undefined;
    draft = asked.draft;
    const problem = asked.problem ?? draftProblem(draft, host);
    let failure = problem;
    if (!failure) {
      try {
        return await (setCookie.factory(w.ctx, 'code')(windowId, draftCookie(draft as Required<Omit<CookieDraft, 'expiryText'>>, parseExpiry(draft.expiryText ?? 'session') ?? null)) as Promise<boolean>);
      } catch (err) {
        failure = (err as Error)?.message ?? String(err);
      }
    }
    const again = await vscode.window.showWarningMessage(`The cookie ${draft.name ?? ''} cannot be set: ${failure}`, { modal: true, detail: 'Edit Again opens the prompts with what you typed filled in.' }, 'Edit Again');
    if (again !== 'Edit Again') return undefined;
  }
}

/** One pass over the prompts, prefilled from the draft; stops at the first refused combination. */
async function askCookie(title: string, start: CookieDraft, host: string, editing: boolean): Promise<{ draft: CookieDraft; cancelled?: true; problem?: string }> {
  const d: CookieDraft = { ...start };
  const check = (partial: CookieDraft): string | undefined => draftProblem({ ...d, ...partial }, host);
  const cancelled = { draft: d, cancelled: true as const };
  if (!editing) {
    const name = await vscode.window.showInputBox({ title, prompt: 'Name', value: d.name ?? '', validateInput: (v) => check({ name: v }) });
    if (name === undefined) return cancelled;
    d.name = name;
  }
  const value = await vscode.window.showInputBox({ title, prompt: `Value of ${d.name}`, value: d.value ?? '', password: true, validateInput: (v) => check({ value: v }) });
  if (value === undefined) return cancelled;
  d.value = value;
  if (!editing) {
    const domain = await vscode.window.showInputBox({ title, prompt: 'Domain (a leading dot includes subdomains)', value: d.domain ?? host, validateInput: (v) => check({ domain: v }) });
    if (domain === undefined) return cancelled;
    d.domain = domain;
    const cookiePath = await vscode.window.showInputBox({ title, prompt: 'Path', value: d.path ?? '/', validateInput: (v) => check({ path: v }) });
    if (cookiePath === undefined) return cancelled;
    d.path = cookiePath;
  }
  const current = d.sameSite ?? 'lax';
  const sameSite = await vscode.window.showQuickPick(
    (['lax', 'strict', 'none'] as const).map((s) => ({ label: s, description: s === 'none' ? 'needs Secure' : undefined }))
      .sort((a, b) => Number(b.label === current) - Number(a.label === current)),
    { title, placeHolder: `SameSite (now ${current})` },
  );
  if (!sameSite) return cancelled;
  d.sameSite = sameSite.label;
  if (d.sameSite === 'none') d.secure = true; // the only combination browsers take; shown picked below
  const afterSameSite = check({});
  if (afterSameSite) return { draft: d, problem: afterSameSite };
  const flags = await vscode.window.showQuickPick(
    [{ label: 'HttpOnly', picked: d.httpOnly ?? true }, { label: 'Secure', picked: d.secure ?? false, description: d.sameSite === 'none' ? 'needed by SameSite=None' : undefined }],
    { title, canPickMany: true, placeHolder: 'Flags' },
  );
  if (!flags) return cancelled;
  d.httpOnly = flags.some((f) => f.label === 'HttpOnly');
  d.secure = flags.some((f) => f.label === 'Secure');
  const afterFlags = check({});
  if (afterFlags) return { draft: d, problem: afterFlags };
  const expiryText = await vscode.window.showInputBox({
    title, prompt: 'Expires: "session", a number of days from now, or a date (YYYY-MM-DD or ISO time)',
    value: d.expiryText ?? 'session',
    validateInput: (v) => (parseExpiry(v) === undefined ? 'say "session", a number of days, or a date' : undefined),
  });
  if (expiryText === undefined) return cancelled;
  d.expiryText = expiryText;
  return { draft: d };
}

/** "session" -> null; a number of days -> now + days; a date -> its time. */
export function parseExpiry(text: string): number | null | undefined {
  const t = text.trim();
  if (/^session$/i.test(t)) return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Math.floor(Date.now() / 1000 + Number(t) * 86400);
  const ms = Date.parse(t);
  return Number.isFinite(ms) && ms > Date.now() ? Math.floor(ms / 1000) : undefined;
}

export const cookieCommands: readonly Command[] = [
  showCookies, showCookieView, exportCookies, takeCookieSnapshot, diffCookieSnapshot, setCookie, deleteCookie, clearCookies,
];
