export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `condition` until it holds; on time-out fails with what was awaited and, from
 * `describe`, what was last seen (a process's output, the last answer).
 */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  {
    timeoutMs = 30_000,
    intervalMs = 50,
    describe = (): string => '',
  }: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}. ${describe()}`);
    await sleep(intervalMs);
  }
}
