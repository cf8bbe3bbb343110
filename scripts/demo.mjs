#!/usr/bin/env node
// A guided tour of ice-agent-mcp in sandbox mode: a real MCP client (the SDK's) drives the real
// server over stdio; the server talks to the built-in ICE emulator over loopback HTTP with real
// signing. No cloud account is needed. Run with `npm run demo`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = join(root, 'dist', 'index.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(bin) || newestSource(join(root, 'src')) > statSync(bin).mtimeMs) {
  console.log('Building dist/ first (npm run build)...');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);
let stepNo = 0;
const step = (title) => console.log(`\n${bold(`${++stepNo}. ${title}`)}`);
const show = (value) => console.log(JSON.stringify(value, null, 2).replace(/^/gm, '   '));
const textOf = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text);

const transport = new StdioClientTransport({ command: process.execPath, args: [bin, '--sandbox', '--confirm', 'token'], stderr: 'pipe' });
let serverLog = '';
transport.stderr?.on('data', (chunk) => (serverLog += chunk));
const client = new Client({ name: 'ice-agent-mcp-demo', version: '1.0.0' });
await client.connect(transport);
console.log(bold('ice-agent-mcp demo: the MCP server on stdio, in sandbox mode (built-in ICE emulator, demo data)'));
console.log(dim(`server: ${client.getServerVersion()?.name} ${client.getServerVersion()?.version}`));

step('tools/list: what an assistant sees');
const { tools } = await client.listTools();
for (const tool of tools) {
  console.log(`   ${bold(tool.name)}  ${dim(tool.annotations?.readOnlyHint ? '[read]' : '[write, confirmed by a person]')}`);
  console.log(`     ${tool.description}`);
}

// The demo seed ships with the package; pick an agent with a live call from it.
const seed = JSON.parse(readFileSync(join(root, 'seed', 'demo.json'), 'utf8'));
const agent = seed.agents.find((a) => a.instances.some((i) => i.Status === 'Executing'));
const AIAgentId = agent.AIAgentId;
step(`ice_list_agent_instances {AIAgentId: "${AIAgentId}"}  (summary per instance)`);
const list = await client.callTool({ name: 'ice_list_agent_instances', arguments: { AIAgentId } });
for (const i of list.structuredContent.Instances) {
  console.log(
    `   ${i.Status.padEnd(9)} voice ${String(i.VoiceId).padEnd(16)} channel ${i.ChannelId}  call log: ${i.HasCallLog ? 'yes' : 'no'}`,
  );
}
console.log(
  dim(
    `   ${list.structuredContent.Count} instances. The documented list items carry no InstanceId: your application gets one when it\n` +
      '   starts a call (StartAIAgentInstance or GenerateAIAgentCall answer it) or from the call callbacks; see README "Finding your ids".\n' +
      '   The demo takes one from seed/demo.json.',
  ),
);

const InstanceId = agent.instances.find((i) => i.Status === 'Executing').InstanceId;
step(`ice_describe_agent_instance {InstanceId: "${InstanceId}"}  (secrets redacted)`);
const described = await client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId } });
const instance = described.structuredContent.Instance;
show({
  Status: instance.Status,
  VoiceId: instance.AgentConfig?.TtsConfig?.VoiceId,
  Greeting: instance.AgentConfig?.Greeting,
  Volume: instance.AgentConfig?.Volume,
  'RuntimeConfig.AuthToken': instance.RuntimeConfig?.AuthToken,
  'LlmConfig.OpenAIExtraQuery': instance.AgentConfig?.LlmConfig?.OpenAIExtraQuery,
});

const update = { InstanceId, AgentConfig: { TtsConfig: { VoiceId: 'longxiaochun_v2' }, Volume: 120 } };
step('ice_update_agent_instance: first call previews, sends nothing (token confirmation)');
const preview = await client.callTool({ name: 'ice_update_agent_instance', arguments: update });
const { status, confirmationToken, expiresAt } = preview.structuredContent;
console.log(`   status: ${status}`);
for (const line of preview.structuredContent.preview.summary) console.log(`   - ${line}`);
console.log(`   confirmationToken: ${confirmationToken.slice(0, 24)}... (expires ${expiresAt})`);
console.log(dim('   (the demo runs with --confirm token: the assistant shows this preview and re-calls with the token;'));
console.log(dim('    by default the server asks the person itself, through the client or an approval page in the browser)'));

step(`ice_update_agent_instance again, same arguments + ConfirmationToken "${confirmationToken.slice(0, 24)}...": executed`);
const executed = await client.callTool({
  name: 'ice_update_agent_instance',
  arguments: { ...update, ConfirmationToken: confirmationToken },
});
show(executed.structuredContent);
const replay = await client.callTool({ name: 'ice_update_agent_instance', arguments: { ...update, ConfirmationToken: confirmationToken } });
console.log(`   the same token a second time: ${textOf(replay).join('\n').replace(/\n/g, '\n   ')}`);

const speech = { InstanceId, Text: 'Thanks for waiting, a colleague will join shortly.' };
step('ice_send_agent_speech: preview, then confirm');
const speechPreview = await client.callTool({ name: 'ice_send_agent_speech', arguments: speech });
for (const line of speechPreview.structuredContent.preview.summary) console.log(`   - ${line}`);
const spoken = await client.callTool({
  name: 'ice_send_agent_speech',
  arguments: { ...speech, ConfirmationToken: speechPreview.structuredContent.confirmationToken },
});
console.log(`   status: ${spoken.structuredContent.status}, RequestId ${spoken.structuredContent.RequestId}`);

const finished = seed.agents.flatMap((a) => a.instances).find((i) => i.Status === 'Finished' && i.callLog);
const logUri = `ice://instances/${finished.InstanceId}/call-log`;
step(`resources/read ${logUri}  (the call log, fetched and redacted by the server)`);
const log = await client.readResource({ uri: logUri });
const turns = JSON.parse(log.contents[0].text);
for (const turn of (Array.isArray(turns) ? turns : []).slice(0, 4)) console.log(`   ${String(turn.Role).padEnd(5)}  ${turn.Text}`);
const templates = await client.listResourceTemplates();
console.log(dim(`   resource templates: ${templates.resourceTemplates.map((t) => t.uriTemplate).join(', ')}`));

step(`prompts/get ice_diagnose_instance {InstanceId: "${finished.InstanceId}"}`);
const prompt = await client.getPrompt({ name: 'ice_diagnose_instance', arguments: { InstanceId: finished.InstanceId } });
for (const message of prompt.messages) {
  const c = message.content;
  const what = c.type === 'resource' ? `embedded resource ${c.resource.uri}` : c.type === 'text' ? c.text.split('\n')[0] : c.type;
  console.log(`   ${message.role}: ${what}`);
}

step('An invalid call: Volume 999 (the API allows 0..400); refused before anything is sent');
const invalid = await client.callTool({ name: 'ice_update_agent_instance', arguments: { InstanceId, AgentConfig: { Volume: 999 } } });
console.log(`   isError: ${invalid.isError}`);
for (const text of textOf(invalid)) console.log(`   ${text}`);

step('A cloud error: an instance that does not exist');
const missing = await client.callTool({ name: 'ice_describe_agent_instance', arguments: { InstanceId: 'does-not-exist' } });
for (const text of textOf(missing)) console.log(text.replace(/^/gm, '   '));

await client.close();
const audit = serverLog.split('\n').filter((line) => line.startsWith('{"time"'));
step(`The audit trail the server wrote to stderr (${audit.length} lines)`);
for (const line of audit) {
  const entry = JSON.parse(line);
  const why = entry.outcome === 'refused' ? dim('  (a call refused before anything was sent: the replayed token, or Volume 999)') : '';
  console.log(`   ${entry.time}  ${entry.tool.padEnd(26)} ${entry.outcome.padEnd(9)} ${entry.mode}${why}`);
}
console.log(`\n${bold('Done.')} Add the sandbox to an MCP client, e.g. Claude Code:`);
console.log(`   claude mcp add ice-agent-sandbox -- node ${bin} --sandbox`);
console.log(
  `Claude Desktop: \`npm run bundle\`, then open build/ice-agent-mcp-<version>.mcpb. Your own account: README "Using it with your Alibaba Cloud account".`,
);
