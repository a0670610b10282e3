/** The first call runs `fn`; every later call gets the same promise (closing twice, or from two places, is safe). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= fn();
    return running;
  };
}
