// What the helper reports of its own health, in the protocol: each finished wait, stalls and their
// recovery, hazards, the diagnostics report and its verdict, and the main thread's proof of life.
// Part of the one contract (protocol.ts re-exports it).
import type { Diagnosis, EnvironmentInfo, HelperSettings, PlatformInfo, WaitStrategy, WindowInfo } from './protocol';

/** One finished wait, as the UI thread measured it. */
export interface WaitRecord {
  site: string;
  strategy: WaitStrategy;
  windowId: number | null;
  elapsedMs: number;
  /** When the completion handler ran, relative to the start of the wait; null if it never did. */
  completionAfterMs: number | null;
  outcome: 'ok' | 'deadline' | 'refused' | 'error';
  depth: number;
}

export interface StallReport {
  /** A key that the matching `recovered` repeats. */
  key: string;
  site: string;
  strategy: WaitStrategy | 'none';
  windowId: number | null;
  elapsedMs: number;
  diagnosis: Diagnosis;
  /** For a lost wake-up: how long ago the completion arrived. */
  completionAgoMs: number | null;
  depth: number;
  apartment: string;
  arch: string;
  lastMessage: string;
  /** One sentence a person can act on. */
  explanation: string;
  /** The helper's verdict as of this stall (src/helper/verdict.ts). */
  verdict?: Verdict;
}

export interface RecoveredReport {
  key: string;
  site: string;
  stalledForMs: number;
}

export interface HazardReport {
  kind: 'reentrancy';
  site: string;
  strategy: WaitStrategy;
  callback: string;
  explanation: string;
}

export interface DiagnosticsReport {
  platform: PlatformInfo;
  settings: HelperSettings;
  environments: EnvironmentInfo[];
  windows: WindowInfo[];
  /** The most recent waits, oldest first. */
  waits: WaitRecord[];
  stalls: StallReport[];
  activeStalls: StallReport[];
  hazards: HazardReport[];
  uptimeMs: number;
  heartbeat: number;
  /** One line: healthy, or the classified cause with its fix (src/helper/verdict.ts). */
  verdict: Verdict;
}

export interface Verdict {
  status: 'healthy' | 'warning' | 'stalled' | 'failed';
  /** e.g. "healthy: 3 windows, 0 stalls" */
  summary: string;
  /** 'reentrancy', 'lost-wakeup', 'not-sta', 'user-data-folder-in-use', 'no-runtime', 'runtime-too-old',
   *  'emulated-x64-on-arm64', 'slow-start', 'posted-not-dispatched', 'no-answer', 'not-picked-up',
   *  'process-failed', 'load-failed'; null when healthy. */
  cause: string | null;
  fix: string | null;
}

export interface PingResult {
  /** The UI loop's heartbeat counter (it moves with every loop iteration and wait slice). */
  heartbeat: number;
  /** How long the UI thread has been busy outside any wait (ms), or null when it is idle or waiting. */
  uiBusyMs: number | null;
}
