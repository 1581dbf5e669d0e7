// The extension's entry as VS Code activates it: the context carries the extension's own
// package.json (`context.extension.packageJSON`), which the activation probe's stand-in context
// does not. The probe loads this file as the entry.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as entry from '../../src/extension';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

export function activate(context: object): void {
  entry.activate({ ...context, extension: { packageJSON: manifest } } as Parameters<typeof entry.activate>[0]);
}
