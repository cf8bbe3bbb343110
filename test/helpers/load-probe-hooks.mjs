// Module loader hooks for load-probe.mjs (they run on Node's loader thread): report each ES module.
let port;
export function initialize(data) {
  port = data.port;
}
export async function load(url, context, next) {
  port.postMessage(url);
  return next(url, context);
}
