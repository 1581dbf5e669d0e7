// Linux: the processes below a given one (a helper's WebKit processes), from /proc.
import * as fs from 'node:fs';

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null; // gone meanwhile
  }
}

function nameAndState(pid: number): { name: string; state: string } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    return { name: stat.slice(stat.indexOf('(') + 1, close), state: stat.slice(close + 2, close + 3) };
  } catch {
    return null;
  }
}

/** Live descendants of `root` whose name (15 characters at most, as the kernel keeps it) starts with `name`. */
export function descendantsNamed(root: number, name: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const info = nameAndState(pid);
    if (!info || !info.name.startsWith(name) || info.state === 'Z') continue;
    for (let p = parentOf(pid); p !== null && p > 1; p = parentOf(p)) {
      if (p === root) { found.push(pid); break; }
    }
  }
  return found;
}
