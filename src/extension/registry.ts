// Every command of the extension, from the feature folders that declare them. package.json
// contributes exactly these names (a unit test compares them both ways); activation registers
// the names from package.json without loading this.
import type { Command } from './command';
import { cookieCommands } from './cookies/commands';
import { diagnosticsCommands } from './diagnostics/commands';
import { networkCommands } from './network/commands';
import { previewCommands } from './preview/commands';
import { statusCommands } from './status/commands';
import { windowCommands } from './windows/commands';

export const COMMANDS: readonly Command[] = [...previewCommands, ...windowCommands, ...cookieCommands, ...networkCommands, ...diagnosticsCommands, ...statusCommands];
