// A command on one window: picks the window (by the id given, the only one open, or the person's
// choice), then runs the action with the window's row as the helper's table has it.
import type { WindowInfo } from '../../protocol';
import { command, type Caller, type Command } from '../command';
import type { Ctx } from '../ctx';
import { pickWindow } from './picker';

export function onWindow<R>(name: string, title: string, action: (ctx: Ctx, w: WindowInfo, caller: Caller, ...rest: any[]) => Promise<R>): Command {
  return command(name, (ctx, caller) => async (arg?: unknown, ...rest: unknown[]) => {
    const w = await pickWindow(ctx, caller, arg, title);
    if (!w) return undefined;
    return action(ctx, w, caller, ...rest);
  });
}
