// What `open` and `screenshot` accept: a URL, or a file path (relative to the current folder or
// absolute) of a file that exists.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { toNavigableUrl } from '../urls';

export function resolveTarget(input: string): string {
  const text = input.trim();
  if (text && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const file = path.resolve(text);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return pathToFileURL(file).href;
  }
  return toNavigableUrl(input);
}
