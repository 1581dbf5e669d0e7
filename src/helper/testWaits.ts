// The test hooks' misbehaving waits (debug/wait), the same on every backend: a completion that
// never comes, one that comes and is ignored, and a wait started inside an engine callback.
// Backends provide only how they wait and how to reach a window's next navigation callback.
import type { DebugWaitParams } from '../protocol';
import type { Backend } from './backend';
import { InvalidInputError } from './errors';

export function debugWait(backend: Backend, p: DebugWaitParams): void {
  const deadlineMs = p.deadlineMs; // undefined: the configured deadline
  const windowId = p.windowId ?? null;
  if (p.mode === 'no-answer') {
    backend.wait<void>({ site: 'debug/no-answer', windowId, deadlineMs }, () => { /* never completes */ });
  } else if (p.mode === 'lost-wakeup') {
    backend.wait<void>({ site: 'debug/lost-wakeup', windowId, deadlineMs, ignoreCompletion: true }, (completion) => completion.resolve());
  } else {
    // Read cookies from inside the window's next navigation callback: the shape of a host that
    // waits in an engine event handler (wry issue 583). The inner wait is refused; its error is
    // the answer.
    if (p.windowId === undefined) throw new InvalidInputError('debug/wait in-callback needs a windowId');
    const id = p.windowId;
    backend.wait<void>({ site: 'debug/in-callback', windowId: id, deadlineMs }, (completion) => {
      backend.inNextNavigation(id, () => {
        try {
          backend.getCookies(id);
          completion.resolve();
        } catch (err) {
          completion.reject(err as Error);
        }
      });
    });
  }
}
