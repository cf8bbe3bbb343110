// Preloaded (`node --expose-gc --import`) into the server by the memory benchmark: on SIGUSR2 it
// collects garbage and writes what is still alive to stderr, so the benchmark can tell memory the
// server holds on to (a leak) from memory V8 has reserved for the load (RSS, which follows GC timing).
process.on('SIGUSR2', () => {
  globalThis.gc();
  const { heapUsed, external, arrayBuffers } = process.memoryUsage();
  const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
  process.stderr.write(
    `heap-probe ${JSON.stringify({ heapUsedMb: mb(heapUsed), externalMb: mb(external), arrayBuffersMb: mb(arrayBuffers) })}\n`,
  );
});
