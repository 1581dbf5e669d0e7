// Limits on what a page's console may send, so that a noisy page cannot flood the helper, the
// protocol or the extension: long messages and sources are cut (saying by how much), and past a
// rate per window the rest are counted, and the count is reported with the next message that
// passes. Both backends use it (Linux: pageFeatures.ts; Windows: webview2/pageFeatures.ts), and
// the Linux page relay applies the same numbers in the page before anything is sent.
import type { ConsoleMessageEvent } from '../protocol';

export const MAX_MESSAGE_CHARS = 4096;
export const MAX_SOURCE_CHARS = 1024;
export const MAX_MESSAGES_PER_SECOND = 100;
/** An uncaught error's stack: at most this many frames, each cut to MAX_FRAME_CHARS. */
export const MAX_STACK_FRAMES = 10;
export const MAX_FRAME_CHARS = 300;

/** A message as a backend read it: maybe cut already, with the length it had before. */
export type ConsoleInput = ConsoleMessageEvent & { totalChars?: number };

interface WindowBudget {
  windowStart: number;
  sent: number;
  dropped: number;
}

export class ConsoleLimiter {
  private readonly budgets = new Map<number, WindowBudget>();

  constructor(private readonly now: () => number, private readonly perSecond = MAX_MESSAGES_PER_SECOND) {}

  /**
   * What to send for one message (none, the message, or a note of what was dropped followed by
   * the message). `droppedElsewhere` counts messages dropped before they reached the helper (the
   * Linux relay's own count, which only arrives from the relay's isolated world).
   */
  admit(input: ConsoleInput, droppedElsewhere = 0): ConsoleMessageEvent[] {
    const budget = this.budget(input.windowId);
    budget.dropped += droppedElsewhere;
    if (budget.sent >= this.perSecond) {
      budget.dropped++;
      return [];
    }
    const out: ConsoleMessageEvent[] = [];
    if (budget.dropped > 0) {
      out.push({
        windowId: input.windowId, level: 'warn', kind: 'console', source: null, line: null,
        message: `${budget.dropped} console message(s) dropped: the page sent more than ${this.perSecond} a second`,
      });
      budget.dropped = 0;
      budget.sent++;
    }
    budget.sent++;
    // Field by field: nothing else a backend attached (totalChars) goes on to the protocol.
    out.push({
      windowId: input.windowId,
      level: input.level,
      kind: input.kind,
      message: cutMessage(input.message, input.totalChars),
      source: input.source === null ? null : cutSource(input.source),
      line: input.line,
      ...(input.stack?.length ? { stack: cutStack(input.stack) } : {}),
    });
    return out;
  }

  /** Whether a message of this window would pass now; asked before reading a request at all. */
  hasRoom(windowId: number): boolean {
    return this.budget(windowId).sent < this.perSecond;
  }

  /** A message of this window that was refused unread (over the rate, or too long to read): counted. */
  refuse(windowId: number): void {
    this.budget(windowId).dropped++;
  }

  forget(windowId: number): void {
    this.budgets.delete(windowId);
  }

  private budget(windowId: number): WindowBudget {
    const at = this.now();
    let budget = this.budgets.get(windowId);
    if (!budget || at - budget.windowStart >= 1000) {
      budget = { windowStart: at, sent: 0, dropped: budget?.dropped ?? 0 };
      this.budgets.set(windowId, budget);
    }
    return budget;
  }
}

/** The message cut to MAX_MESSAGE_CHARS, saying how many characters of `totalChars` were left out. */
export function cutMessage(text: string, totalChars = text.length): string {
  // A length beyond the text only counts for a text that was cut, at the limit.
  const total = text.length >= MAX_MESSAGE_CHARS ? Math.max(totalChars, text.length) : text.length;
  if (total <= MAX_MESSAGE_CHARS) return text;
  return `${text.slice(0, MAX_MESSAGE_CHARS)}… (${total - MAX_MESSAGE_CHARS} more characters)`;
}

/** A stack cut to its first MAX_STACK_FRAMES frames of at most MAX_FRAME_CHARS each. */
export function cutStack(frames: readonly string[]): string[] {
  return frames.slice(0, MAX_STACK_FRAMES).map((f) => (f.length <= MAX_FRAME_CHARS ? f : `${f.slice(0, MAX_FRAME_CHARS)}…`));
}

function cutSource(source: string): string {
  return source.length <= MAX_SOURCE_CHARS ? source : `${source.slice(0, MAX_SOURCE_CHARS)}…`;
}
