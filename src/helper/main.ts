// Entry point of the helper process: forked by the extension (or the CLI) with its runtime. The
// test hooks, when the switch is on, are the one plugin handed in; nothing below this file knows
// of them.
import { helperTestPlugin } from '../testHooks/helperMain';
import { testHooksEnabled } from '../testHooks/switch';
import { serveHelper } from './server';

serveHelper(testHooksEnabled(process.env) ? helperTestPlugin : null);
