// Preloaded (`node --import`) by test/bundle.test.ts: on SIGUSR2 the process writes to stderr every
// ES module, CommonJS file and Node built-in it has loaded so far, so the test can tell which lazy
// parts of the bundle start-up or a request actually loaded, without any hook inside the server.
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const esm = new Set();
port1.on('message', (url) => esm.add(url));
port1.unref();
register('./load-probe-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });

const cjs = createRequire(import.meta.url).cache;
process.on('SIGUSR2', () => {
  // The loader thread's messages are posted before each module is returned; one turn of timers
  // lets any still queued arrive before the report.
  setTimeout(() => {
    const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
    process.stderr.write(`load-probe ${JSON.stringify({ esm: [...esm], cjs: Object.keys(cjs), builtins })}\n`);
  }, 20);
});
