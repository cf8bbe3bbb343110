#!/usr/bin/env node
// Stands in for a browser command (ICE_MCP_BROWSER): appends the URL it is given to a file, where a
// test picks it up and opens it in a real headless Chromium.
import { appendFileSync } from 'node:fs';

const [file, url] = process.argv.slice(2);
if (!file || !url) process.exit(2);
appendFileSync(file, `${url}\n`);
