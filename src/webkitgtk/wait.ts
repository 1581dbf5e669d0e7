// The Linux wait strategy, `glib`: iterate GLib's default main context until the completion has
// run, woken at the latest by a slice timer so that the deadline is honoured. Also how an async
// GIO-style call finds its completion: a token in the callback's user data.
import type { HelperSettings } from '../protocol';
import type { BackendWaitSpec } from '../helper/backend';
import type { WakeReason } from '../helper/ledger';
import { waitFor, waitSlice, type CallbackScope, type Completion, type Waiter } from '../helper/waits';
import { Callbacks, type Ffi, type Ptr, register } from './ffi';

type AsyncHandler = (source: Ptr, result: Ptr) => void;

export class GlibWaits {
  private readonly asyncHandlers = new Map<number, AsyncHandler>();
  private readonly timeouts = new Map<number, () => void>();
  /** Identifies a pending async call or timer to the shared C callbacks. */
  private nextToken = 1;
  /** The one GAsyncReadyCallback of every async call; its user data is the call's token. */
  readonly asyncReady: bigint;
  private readonly sourceFunc: bigint;

  /** The scope every engine callback runs in (re-entrancy is refused inside it). */
  readonly callbacks: CallbackScope;

  constructor(private readonly gtk: Ffi, private readonly waiter: Waiter, public settings: HelperSettings) {
    this.callbacks = waiter.callbacks;
    const scope = waiter.callbacks;
    this.asyncReady = register((source: Ptr, result: Ptr, data: bigint) => scope.run('GAsyncReadyCallback', undefined, () => {
      const handler = this.asyncHandlers.get(Number(data));
      this.asyncHandlers.delete(Number(data));
      handler?.(source, result);
    }), Callbacks.asyncReady);
    this.sourceFunc = register((data: bigint) => scope.run('GSourceFunc', 0, () => {
      const fire = this.timeouts.get(Number(data));
      this.timeouts.delete(Number(data));
      fire?.();
      return 0; // G_SOURCE_REMOVE
    }), Callbacks.sourceFunc);
  }

  wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T {
    return waitFor<T>(
      this.waiter,
      { ...spec, strategy: 'glib', deadlineMs: spec.deadlineMs ?? this.settings.waitDeadlineMs },
      start,
      (completion, deadlineAt) => this.iterateUntil(completion, deadlineAt),
    );
  }

  /** Registers what runs when the async call with this token completes; pass the token as user data. */
  onAsync(handler: AsyncHandler): bigint {
    const token = this.nextToken++;
    this.asyncHandlers.set(token, handler);
    return BigInt(token);
  }

  /**
   * One blocking iteration of the default context, woken at the latest by a slice timer. Says what
   * woke it: the completion (it settled in this iteration), the slice timer, or another source.
   */
  private iterateUntil(completion: Completion<unknown>, deadlineAt: number): WakeReason {
    const sliceMs = waitSlice(deadlineAt);
    const settledBefore = completion.settled;
    let fired = false;
    const source = this.after(sliceMs, () => { fired = true; });
    this.gtk.g_main_context_iteration(null, 1);
    if (!fired) {
      this.timeouts.delete(source.token);
      this.gtk.g_source_remove(source.id);
    }
    if (completion.settled && !settledBefore) return 'completion';
    return fired ? 'slice' : 'other';
  }

  private after(ms: number, fire: () => void): { token: number; id: number } {
    const token = this.nextToken++;
    this.timeouts.set(token, fire);
    const id = this.gtk.g_timeout_add(ms, this.sourceFunc, BigInt(token)) as number;
    return { token, id };
  }
}
