/**
 * A value built on first use by an async loader (usually an `import()` of a part start-up does not
 * need), shared by every caller after. A failed load is not remembered: the next caller tries again.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}
