/**
 * Polls until `check` holds. No deadline of its own: how long that takes depends on the machine, and
 * the test's timeout already ends a wait for something that never happens.
 */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}
