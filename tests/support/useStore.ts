import { afterAll, beforeAll, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import type { StoreBackend } from './storeBackends.js';

/** What `useStore` hands the tests: the store (set once its `beforeAll` ran; reading it earlier throws) and `test`. */
export interface UsedStore {
  store: Store;
  /** `it`, skipped when the backend cannot run here (no PostgreSQL server in this run). */
  test: ReturnType<typeof it.skipIf>;
}

/**
 * Registers, in a `describe.each(storeBackends())` block, a `beforeAll` that opens the backend's store (a fresh
 * database) and fills it with `fill`, and an `afterAll` that closes it; says once why the backend is skipped.
 */
export function useStore(backend: StoreBackend, fill?: (store: Store) => Promise<void>): UsedStore {
  let store: Store | undefined;
  beforeAll(async () => {
    if (backend.unavailable) return;
    store = await backend.open();
    await fill?.(store);
  }, 120_000);
  afterAll(async () => store?.close());
  if (backend.unavailable) console.warn(`${backend.name} tests skipped: ${backend.unavailable}`);
  return {
    get store() {
      if (!store) throw new Error('useStore: the store is opened in beforeAll; use it inside a hook or a test');
      return store;
    },
    test: it.skipIf(Boolean(backend.unavailable)),
  };
}
