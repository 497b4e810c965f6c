/** Calls `probe` every `intervalMs` until it returns true or `timeoutMs` passed; returns whether it did. */
export async function pollUntil(probe: () => Promise<boolean>, intervalMs: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}
