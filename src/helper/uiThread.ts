// Entry point of the helper's UI thread (a worker of main.ts's process). The test hooks, when the
// switch is on, are the one plugin handed in; nothing below this file knows of them.
import { UiTestHooks } from '../testHooks/uiThread';
import { testHooksEnabled } from '../testHooks/switch';
import { runUiThread } from './uiLoop';

runUiThread(testHooksEnabled(process.env) ? new UiTestHooks() : null);
