// Preloaded (`node --import`) by bench/instructions.mjs into both servers: the process ends as soon as
// its answer to the counting run's initialize is written, so the count covers what the start-up
// benchmark times (spawn to that answer) and not the shutdown after it. stdout on a pipe is written
// synchronously, so the answer is out when write returns.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const written = write(chunk, ...rest);
  if (String(chunk).includes('"id":"count-initialize"')) process.reallyExit(0);
  return written;
};
