import { listTool } from './list.js';
import { describeTool } from './describe.js';
import { updateTool } from './update.js';
import { speechTool } from './speech.js';
import type { Tool } from './define.js';

/** Every tool this server offers, in the order `tools/list` shows them. */
export const TOOLS: readonly Tool[] = [listTool, describeTool, updateTool, speechTool];
