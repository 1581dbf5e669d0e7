// A picture of the X display from a test that runs under Wine, where node.exe cannot start
// ImageMagick: the request is a file in test-artifacts that underWine.ts (Linux node) answers
// with `import -window root`, then removes. For people to look at; no test reads the picture.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ARTIFACTS } from './harness';
import { until } from './until';

export const DISPLAY_REQUEST = '.display-request';

/** Saves the display as test-artifacts/<name> (a .png) and resolves once it is written. */
export async function displayShot(name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const request = path.join(ARTIFACTS, `${name}${DISPLAY_REQUEST}`);
  fs.writeFileSync(request, '');
  await until(`the picture ${name}`, () => !fs.existsSync(request) || undefined, 15000);
  return path.join(ARTIFACTS, name);
}
