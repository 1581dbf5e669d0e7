// `webview2-host mcp`: the agent tool set (src/agents) as a stdio MCP server, built with the
// official SDK. stdout carries the protocol and nothing else (every log line goes to stderr); the
// windows live between calls; when the client goes away (stdin ends) or a signal comes, the
// windows are closed and the helper stopped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { AgentSession } from '../agents/session';
import { agentTools, runTool, type AgentTool } from '../agents/tools';
import { createClient, environmentFrom, say, settingsFrom, UsageError, type CommonFlags } from './session';

export interface McpFlags extends CommonFlags {
  profile?: string;
  root?: string;
  'reveal-cookies'?: boolean;
  'allow-evaluate'?: boolean;
}

/** How long a tool waits for a page to load before it answers "still loading" (agents can wait on). */
const LOAD_WAIT_MS = 20_000;

const INSTRUCTIONS = 'Native browser windows on this machine (WebView2 on Windows, WebKitGTK on Linux) in the user\'s own browser profile. '
  + 'Start with browser_open; tools act on the current window (the last one opened or acted on) unless given windowId. '
  + 'Read a page with browser_snapshot and act on it by the refs it lists (browser_click, browser_type, browser_select_option); '
  + 'browser_evaluate runs only if the server was started with --allow-evaluate.';

/**
 * The tool's schema as the SDK takes it: a zod object that accepts any object (the tool checks its
 * own input, to answer in words an agent can act on) and publishes the tool's own JSON Schema,
 * since zod spreads an object's metadata into the JSON Schema it generates for tools/list.
 */
export function publishedSchema(tool: AgentTool): z.ZodType<Record<string, unknown>> {
  const { type: _type, ...rest } = tool.input;
  return z.looseObject({}).meta({ ...rest });
}

function versionOf(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function mcpCommand(flags: McpFlags): Promise<number> {
  if (flags.profile !== undefined && flags['user-data-folder'] !== undefined && flags.profile !== flags['user-data-folder']) {
    throw new UsageError('--profile and --user-data-folder name the same thing: give one');
  }
  const root = flags.root ?? process.cwd();
  const settings = settingsFrom(flags);
  const environment = environmentFrom({ ...flags, 'user-data-folder': flags.profile ?? flags['user-data-folder'] });
  const client = createClient(flags, true);
  const session = new AgentSession({
    client, environment, root,
    revealCookies: flags['reveal-cookies'] === true,
    allowEvaluate: flags['allow-evaluate'] === true,
    loadWaitMs: Math.min(LOAD_WAIT_MS, settings.waitDeadlineMs),
  });
  const server = new McpServer({ name: 'webview2-host', version: versionOf() }, { instructions: INSTRUCTIONS });
  for (const tool of agentTools(() => session.options.allowEvaluate)) {
    server.registerTool(tool.name, {
      title: tool.title,
      description: tool.description,
      inputSchema: publishedSchema(tool),
      annotations: { readOnlyHint: tool.readOnly, openWorldHint: true },
    }, async (args) => ({ ...(await runTool(tool, session, args)) }));
  }
  const transport = new StdioServerTransport();
  // The client's going away is the end: stdin ends or closes, or the transport says so.
  const ended = new Promise<string>((resolve) => {
    process.stdin.once('end', () => resolve('the client closed stdin'));
    process.stdin.once('close', () => resolve('the client closed stdin'));
    transport.onclose = () => resolve('the transport closed');
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve(`${signal}`));
  });
  await server.connect(transport);
  say(`MCP server ready on stdio: profile ${environment.userDataFolder}, workspace ${root}; cookie values ${session.options.revealCookies ? 'shown' : 'masked'}`);
  const why = await ended;
  say(`MCP server stopping (${why}): closing ${client.windows.list().length} window(s) and the helper`);
  try {
    await client.stop(); // the helper closes its windows before it exits
  } finally {
    session.dispose();
    await server.close().catch(() => undefined);
  }
  return 0;
}
