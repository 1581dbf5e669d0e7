// The two Windows wait strategies for an asynchronous WebView2 call:
//   cowait (the fix): CoWaitForMultipleHandles with COWAIT_DISPATCH_CALLS |
//     COWAIT_DISPATCH_WINDOW_MESSAGES on an event the completion handler sets, in slices;
//   pump (legacy, kept for comparison): the GetMessage/DispatchMessage loop of webview2-com's
//     wait_with_pump.
// And awaitObject: a call whose completion handler receives (HRESULT, object).
import type { HelperSettings } from '../protocol';
import { ErrorCodes } from '../protocol';
import type { BackendWaitSpec } from '../helper/backend';
import { EngineError, HelperError } from '../helper/errors';
import { epochNow, type WaitSite } from '../helper/ledger';
import { waitFor, waitSlice, type Completion, type Waiter, type WaitSpec } from '../helper/waits';
import { hex, type Com } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { WM_APP_WAKE } from './wake';
import { explainHresult } from './hresult';
import {
  COWAIT_DISPATCH_CALLS, COWAIT_DISPATCH_WINDOW_MESSAGES, MSG_BYTES, MSG_MESSAGE_OFFSET, MSG_WPARAM_OFFSET, PM_NOREMOVE, PM_QS_POSTMESSAGE, WM_TIMER,
  type Ptr, type Win32,
} from './ffi/win32';

/** What CoWaitForMultipleHandles returns when its timeout passes. */
const RPC_S_CALLPENDING = 0x80010115 | 0;

export class Win32Waits {
  constructor(
    private readonly w: Win32,
    private readonly com: Com,
    private readonly handlers: HandlerFactory,
    private readonly waiter: Waiter,
    public settings: HelperSettings,
  ) {}

  /** A MSG of its own for looking into the queue without disturbing the loop's. */
  private readonly peeked = Buffer.alloc(MSG_BYTES);

  wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T {
    const full: WaitSpec = { ...spec, strategy: this.settings.strategy, deadlineMs: spec.deadlineMs ?? this.settings.waitDeadlineMs };
    return full.strategy === 'pump' ? this.waitWithPump(full, start) : this.waitWithCoWait(full, start);
  }

  /**
   * Starts an asynchronous WebView2 call whose completion handler receives (HRESULT, object), and
   * waits for it. `begin` gets the handler; the call keeps its own reference if it needs one.
   * Returns the object with a reference of ours.
   */
  awaitObject(site: WaitSite, windowId: number | null, iid: Buffer, handlerName: string, begin: (handler: bigint) => void): bigint {
    return this.wait<bigint>({ site, windowId }, (completion) => {
      const handler = this.handlers.completion(iid, handlerName, (hr: number, result: Ptr) => {
        if (completion.abandoned) return; // the wait gave up; nobody would release it
        if (hr < 0 || !result) completion.reject(new EngineError(site, hex(hr), explainHresult(hr)));
        else {
          this.com.addRef(result);
          completion.resolve(result);
        }
      });
      try {
        begin(handler);
      } finally {
        this.com.release(handler);
      }
    });
  }

  /** The fix: CoWaitForMultipleHandles on an event that the completion handler sets. */
  private waitWithCoWait<T>(spec: WaitSpec, start: (c: Completion<T>) => void): T {
    const w = this.w;
    const event = w.CreateEventW(null, 1, 0, null) as bigint;
    const handles = Buffer.alloc(8);
    handles.writeBigUInt64LE(event);
    const index = [0];
    try {
      return waitFor<T>(this.waiter, spec, (completion) => {
        completion.onSettled = () => w.SetEvent(event);
        start(completion);
      }, (completion, deadlineAt) => {
        const slice = waitSlice(deadlineAt);
        const hr = w.CoWaitForMultipleHandles(COWAIT_DISPATCH_CALLS | COWAIT_DISPATCH_WINDOW_MESSAGES, slice, 1, handles, index) as number;
        // Posted messages still queued after a slice were not dispatched by the wait (Wine's
        // CoWait does not; Windows 8+ does with COWAIT_DISPATCH_WINDOW_MESSAGES): the ledger says
        // so, and the watchdog can tell "posted, not dispatched" from "no answer".
        if (!completion.settled) this.waiter.ledger.postedWaiting(completion.slot, this.postedMessageWaiting());
        // The event tells what ended this round: a completion that ran as the slice ran out (inside
        // the wait, or in the look at the queue just above, whose PeekMessage Wine lets dispatch a
        // sent message) has set it; a completion that forgot to set it leaves "slice".
        const signalled = hr === 0 || (hr === RPC_S_CALLPENDING && w.WaitForSingleObject(event, 0) === 0);
        // S_OK (or the event already set): the completion, the only one that sets it;
        // RPC_S_CALLPENDING with the event not set: the slice ran out.
        return signalled ? 'completion' : hr === RPC_S_CALLPENDING ? 'slice' : 'unreported';
      });
    } finally {
      w.CloseHandle(event);
    }
  }

  /** A posted message in the queue other than our own wake-up and timers. */
  private postedMessageWaiting(): boolean {
    const peek = (min: number, max: number) => this.w.PeekMessageW(this.peeked, null, min, max, PM_NOREMOVE | PM_QS_POSTMESSAGE) !== 0;
    return peek(0, WM_TIMER - 1) || peek(WM_TIMER + 1, WM_APP_WAKE - 1) || peek(WM_APP_WAKE + 1, 0xffff);
  }

  /**
   * The legacy wait: check for the result, else GetMessage + DispatchMessage. A thread timer at
   * the deadline is the only thing that wakes it when a completion arrives by SendMessage:
   * GetMessage runs the handler inside itself and returns only for a posted message.
   */
  private waitWithPump<T>(spec: WaitSpec, start: (c: Completion<T>) => void): T {
    const w = this.w;
    // A MSG of its own: this wait may run inside a DispatchMessageW of the UI loop's (a request
    // served in a modal loop, wake.ts), which must find its own MSG as it left it.
    const msg = Buffer.alloc(MSG_BYTES);
    let timer = 0;
    try {
      return waitFor<T>(this.waiter, spec, start, (completion, deadlineAt) => {
        timer ||= Number(w.SetTimer(null, 0, Math.max(1, Math.ceil(deadlineAt - epochNow())), null));
        const got = w.GetMessageW(msg, null, 0, 0) as number;
        if (got === 0) throw new HelperError(`${spec.site} cancelled: WM_QUIT arrived during the wait`, ErrorCodes.internal);
        if (got === -1) throw new HelperError(`${spec.site}: GetMessageW failed`, ErrorCodes.internal);
        if (msg.readUInt32LE(MSG_MESSAGE_OFFSET) === WM_TIMER && Number(msg.readBigUInt64LE(MSG_WPARAM_OFFSET)) === timer) {
          // Our deadline timer, which Windows may fire a tick early: it means the deadline.
          sleepUntil(deadlineAt);
          return 'deadline';
        }
        // Settled already: a sent message ran the handler inside GetMessage, and this message is
        // some other one that happened to come (the lost wake-up, rescued).
        const settledInside = completion.settled;
        w.TranslateMessage(msg);
        w.DispatchMessageW(msg);
        return completion.settled && !settledInside ? 'completion' : 'other';
      });
    } finally {
      if (timer) w.KillTimer(null, timer);
    }
  }
}

function sleepUntil(at: number): void {
  const ms = at - epochNow();
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.ceil(ms));
}
