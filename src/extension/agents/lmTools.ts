// The agent tools as VS Code language model tools, on the user's own windows and profile: one
// AgentSession over the extension's HelperClient, made when the core loads so that the console of
// windows the user opened is kept too. Registered by the entry with lazy handlers (extension.ts);
// this runs a call. The tools act on browser windows only, never on files; VS Code's chat asks before
// an extension's tool runs unless the user approved it. browser_evaluate (the page's own script) runs
// only when called from chat, whose confirmation shows its code (extension.ts, prepare.ts); another
// extension calling it through vscode.lm.invokeTool is refused.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { refused, type ToolAnswer } from '../../agents/answers';
import { AgentSession, type AgentOptions } from '../../agents/session';
import { agentTools, runTool, type AgentTool } from '../../agents/tools';
import { SECTION } from '../config';
import type { Ctx } from '../ctx';
import { agentToolNamed } from './contribution';
import { toParts } from './parts';

export const REVEAL_SETTING = 'agents.revealCookieValues';
/** How long a tool waits for a page to load before it answers "still loading" (as the MCP server). */
const LOAD_WAIT_MS = 20_000;

/** The extension's session: its windows open in the profile the extension's own windows use. */
class ExtensionAgentSession extends AgentSession {
  constructor(private readonly ctx: Ctx, options: AgentOptions) {
    super(options);
  }

  override environment(): Promise<number> {
    return this.ctx.ensureEnvironment().then((e) => e.environmentId);
  }
}

export class LanguageModelTools implements vscode.Disposable {

  private readonly session: AgentSession;
  private emptyRoot: string | undefined;

  constructor(private readonly ctx: Ctx) {
    const self = this;
    this.session = new ExtensionAgentSession(ctx, {
      client: ctx.client,
      // Not used: environment() above is the extension's.
      environment: { userDataFolder: ctx.config.userDataFolder },
      get root() { return self.root(); },
      get revealCookies() { return vscode.workspace.getConfiguration(SECTION).get<boolean>(REVEAL_SETTING, false) === true; },
      revealCookiesHow: `set ${SECTION}.${REVEAL_SETTING} to true`,
      allowEvaluate: false, // decided per call, above
      get loadWaitMs() { return Math.min(LOAD_WAIT_MS, ctx.config.helper.waitDeadlineMs); },
    });
  }

  /** The first local workspace folder; with none, an empty folder (a relative path names nothing). */
  private root(): string {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (folder) return folder.uri.fsPath;
    this.emptyRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-agent-'));
    return this.emptyRoot;
  }

  async invoke(name: string, input: unknown, token: vscode.CancellationToken, fromChat = false): Promise<vscode.LanguageModelToolResult> {
    // browser_evaluate runs only for chat, where VS Code has shown the person its code and asked (extension.ts).
    const tool = agentToolNamed(agentTools(() => fromChat, 'it runs only from chat, where VS Code shows you its code and asks first; a call through vscode.lm.invokeTool is refused'), name);
    const answer = tool ? await this.run(tool, input, token) : refused(`There is no tool ${name} in this version of WebView2 Host.`);
    this.ctx.output[answer.isError ? 'info' : 'debug'](`language model tool ${name}${answer.isError ? ` refused: ${firstText(answer)}` : ''}`);
    return new vscode.LanguageModelToolResult(toParts<vscode.LanguageModelTextPart | vscode.LanguageModelDataPart>(answer, {
      text: (value) => new vscode.LanguageModelTextPart(value),
      image: (data, mimeType) => vscode.LanguageModelDataPart.image(data, mimeType),
    }));
  }

  private async run(tool: AgentTool, input: unknown, token: vscode.CancellationToken): Promise<ToolAnswer> {
    let off: vscode.Disposable | undefined;
    const cancelled = new Promise<ToolAnswer>((resolve) => {
      off = token.onCancellationRequested(() => resolve(refused(`${tool.name} was cancelled.`)));
    });
    try {
      return await Promise.race([runTool(tool, this.session, input), cancelled]);
    } finally {
      off?.dispose();
    }
  }

  dispose(): void {
    this.session.dispose();
    if (this.emptyRoot) fs.rmSync(this.emptyRoot, { recursive: true, force: true });
  }
}

function firstText(answer: ToolAnswer): string {
  const text = answer.content.find((c) => c.type === 'text');
  return text?.type === 'text' ? text.text : '';
}
