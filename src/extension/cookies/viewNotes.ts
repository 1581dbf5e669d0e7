// What the cookie view says beside its table when the list needs a word of explanation: a page
// that is not on an http(s) origin has no cookies of its own. Kept free of the vscode module.

/** The http(s) origin of a URL, or undefined for file:, about:, data: and the like. */
export function httpOriginOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The note for a window showing `url`, given the http(s) origins its page loaded from (scripts,
 * frames, images, fetches). Undefined when the page is on an http(s) origin itself.
 */
export function cookieViewNote(url: string, loadedOrigins: readonly string[]): string | undefined {
  if (url === '' || httpOriginOf(url) !== undefined) return undefined;
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'this';
  const what = scheme === 'file:' ? 'A file:// page' : `A ${scheme} page`;
  let note = `Cookies belong to http(s) origins. ${what} has no cookies of its own, so there is nothing to list for ${url}.`;
  const origins = [...new Set(loadedOrigins)];
  if (origins.length > 0) {
    const shown = origins.slice(0, 3).join(', ') + (origins.length > 3 ? ` and ${origins.length - 3} more` : '');
    note += ` The page loaded from ${shown}: this view shows the cookies of the window's current URL only, so theirs are not listed (open one of them in the window to see its cookies).`;
  } else {
    note += ` If the page loads from http(s) origins, their cookies are not listed either: this view shows the cookies of the window's current URL.`;
  }
  return note;
}

/** What the view says once its window is gone, instead of the helper's error. */
export function closedWindowNote(windowId: number): string {
  return `window ${windowId} was closed`;
}
