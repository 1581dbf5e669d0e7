// What the verdict needs beyond the watchdog: engine calls that failed (with their HRESULT and, for
// an environment, its folder) and process failures that no reload has recovered yet.
import type { DiagnosticsReport, ProcessFailedEvent, Verdict } from '../protocol';
import { computeVerdict, failureFromError, type FailureFact } from './verdict';

export class FailureLog {
  private readonly failures: FailureFact[] = [];
  private readonly processFailures = new Map<number, ProcessFailedEvent>();

  /** A request the UI thread answered with an error; only engine errors matter to the verdict. */
  requestFailed(method: string, params: unknown, err: { message?: string; data?: unknown }): void {
    if ((err.data as { type?: string } | undefined)?.type !== 'EngineError') return;
    const folder = method === 'createEnvironment' ? (params as { userDataFolder?: string } | null)?.userDataFolder : undefined;
    this.failures.push(failureFromError(method, err, folder));
    if (this.failures.length > 20) this.failures.shift();
  }

  /** A call that works again (a runtime installed since, a folder freed): its old failures no longer count. */
  requestSucceeded(method: string): void {
    for (let i = this.failures.length - 1; i >= 0; i--) if (this.failures[i].site === method) this.failures.splice(i, 1);
  }

  /** Follows the UI thread's events: a failure stays until the window loads again or closes. */
  observe(method: string, params: unknown): void {
    const windowId = (params as { windowId?: number } | null)?.windowId;
    if (windowId === undefined) return;
    if (method === 'processFailed') this.processFailures.set(windowId, params as ProcessFailedEvent);
    else if (method === 'windowClosed') this.processFailures.delete(windowId);
    else if (method === 'navigationCompleted' && (params as { isSuccess?: boolean }).isSuccess) this.processFailures.delete(windowId);
  }

  verdict(report: Omit<DiagnosticsReport, 'verdict'>): Verdict {
    return computeVerdict({
      platform: report.platform,
      stallThresholdMs: report.settings.stallThresholdMs,
      windows: report.windows.length,
      waits: report.waits,
      stalls: report.stalls,
      activeStalls: report.activeStalls,
      hazards: report.hazards,
      failures: [...this.failures],
      processFailures: [...this.processFailures.values()],
      failedLoads: report.windows.flatMap((w) => (w.failed ? [{ windowId: w.windowId, url: w.url, error: w.failed }] : [])),
    });
  }
}
