/** Opening the approval page in the person's browser: the ICE_MCP_BROWSER command, or the system's default. */

/**
 * A desktop session is where a browser window can appear for the person at this machine: macOS and
 * Windows always; elsewhere an X11 or Wayland display.
 */
export function hasDesktop(env: Record<string, string | undefined>, platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * The opener. A command gets the URL as its last argument (quoted; the URL holds only URL-safe
 * characters). Without one the `open` package picks the platform's way (xdg-open, open, start).
 */
export function browserOpener(command: string | undefined): (url: string) => Promise<void> {
  if (command) {
    return async (url) => {
      // child_process loads on first use: it is not needed to start, and costs ~2 ms to load.
      const { spawn } = await import('node:child_process');
      return new Promise((resolve, reject) => {
        const child = spawn(`${command} '${url}'`, { shell: true, stdio: 'ignore', detached: true });
        child.once('error', reject);
        child.once('spawn', () => {
          child.unref();
          resolve();
        });
      });
    };
  }
  return async (url) => {
    const { default: open } = await import('open');
    const child = await open(url);
    child.unref();
  };
}
