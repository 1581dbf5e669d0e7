// Text a page chose (a console message, its source, a title, a URL), made safe to print on one
// line of a terminal, an output channel or a log: line breaks and control characters are shown as
// escapes instead of acting. Without this a page could end its line and write one that looks like
// another window's ("\n[window 9] error: …"), move the cursor, clear the line or retitle the
// terminal with ANSI/OSC sequences. Tabs stay; backslashes stay as they are (paths read as paths).

/**
 * What is escaped: C0 controls but TAB, DEL, C1 controls (U+0080–U+009F, NEL among them), the
 * Unicode line and paragraph separators, and the bidirectional embeddings, overrides and isolates
 * (which reorder what is shown after them).
 */
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? escapeCode(c.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
