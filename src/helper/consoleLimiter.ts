// Limits on what a page's console may send, so that a noisy page cannot flood the helper, the
// protocol or the extension: long messages are cut (saying by how much), and past a rate per
// window the rest are counted, and the count is reported with the next message that passes.
import type { ConsoleMessageEvent } from '../protocol';

export const MAX_MESSAGE_CHARS = 4096;
export const MAX_MESSAGES_PER_SECOND = 100;

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
   * the message). `droppedElsewhere` counts messages the page itself had to drop.
   */
  admit(message: ConsoleMessageEvent, droppedElsewhere = 0): ConsoleMessageEvent[] {
    const at = this.now();
    let budget = this.budgets.get(message.windowId);
    if (!budget || at - budget.windowStart >= 1000) {
      budget = { windowStart: at, sent: 0, dropped: budget?.dropped ?? 0 };
      this.budgets.set(message.windowId, budget);
    }
    budget.dropped += droppedElsewhere;
    if (budget.sent >= this.perSecond) {
      budget.dropped++;
      return [];
    }
    const out: ConsoleMessageEvent[] = [];
    if (budget.dropped > 0) {
      out.push({
        windowId: message.windowId, level: 'warn', kind: 'console', source: null, line: null,
        message: `${budget.dropped} console message(s) dropped: the page sent more than ${this.perSecond} a second`,
      });
      budget.dropped = 0;
      budget.sent++;
    }
    budget.sent++;
    out.push({ ...message, message: cut(message.message) });
    return out;
  }

  forget(windowId: number): void {
    this.budgets.delete(windowId);
  }
}

function cut(text: string): string {
  if (text.length <= MAX_MESSAGE_CHARS) return text;
  return `${text.slice(0, MAX_MESSAGE_CHARS)}… (${text.length - MAX_MESSAGE_CHARS} more characters)`;
}
