// What every chaos scenario returns: pass or fail, and the one figure line it prints.

export interface ScenarioResult {
  ok: boolean;
  /** One line of figures, e.g. "100 cycles, 812345 acknowledged, 0 missing". */
  figures: string;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; false when `timeoutMs` passes first. */
export async function pollUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 10,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

export function formatResult(name: string, result: ScenarioResult, elapsedMs: number): string {
  return `${result.ok ? 'ok  ' : 'FAIL'} ${name}: ${result.figures} (${(elapsedMs / 1000).toFixed(1)} s)`;
}
