/**
 * Retries an assertion until it passes (or the attempts run out), for state that settles asynchronously.
 * The default allows 30 s: a workflow task that times out once on a loaded machine is retried after 10 s.
 */
export async function eventually(assertion: () => Promise<void> | void, attempts = 300, intervalMs = 100): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((done) => setTimeout(done, intervalMs));
    }
  }
}
