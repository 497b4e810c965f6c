import { createStore, type Store } from '../../src/store/store.js';
import { freshPostgresDatabase, postgresUnavailable } from './postgresDatabase.js';

/** A store for tests about something else: a fresh database on the run's PostgreSQL (quick), else PGlite in memory. */
export async function openTestStore(): Promise<Store> {
  return postgresUnavailable() ? createStore({}) : createStore({ databaseUrl: await freshPostgresDatabase() });
}

/** A test store opened on first use, so tests that never reach the store pay nothing for it. */
export function lazyTestStore(): Store {
  let opened: Promise<Store> | undefined;
  const store = (): Promise<Store> => (opened ??= openTestStore());
  return {
    recordEvent: async (event, receivedAt) => (await store()).recordEvent(event, receivedAt),
    getCustomer: async (customerId) => (await store()).getCustomer(customerId),
    moveContactIntoStore: async (customerId, carried) => (await store()).moveContactIntoStore(customerId, carried),
    appendLedger: async (entry) => (await store()).appendLedger(entry),
    exportCustomer: async (customerId) => (await store()).exportCustomer(customerId),
    eraseCustomer: async (customerId, now) => (await store()).eraseCustomer(customerId, now),
    isSuppressedIdentity: async (kind, address) => (await store()).isSuppressedIdentity(kind, address),
    customerTimeline: async (customerId, page) => (await store()).customerTimeline(customerId, page),
    report: async (name, query) => (await store()).report(name, query),
    lastActivity: async (customerId, types, now) => (await store()).lastActivity(customerId, types, now),
    customersToWatch: async (page) => (await store()).customersToWatch(page),
    openRuns: async (sequenceId) => (await store()).openRuns(sequenceId),
    ping: async (timeoutMs) => (await store()).ping(timeoutMs),
    description: 'test store (opened on first use)',
    close: async () => (opened ? (await opened).close() : undefined),
  };
}
