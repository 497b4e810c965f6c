import { createStore, type Store } from '../../src/store/store.js';
import { freshPostgresDatabase, postgresUnavailable } from './postgresDatabase.js';

export interface StoreBackend {
  name: string;
  /** Why this backend's tests are skipped in this run ('' → they run). */
  unavailable: string;
  open(): Promise<Store>;
}

/** The same cases run on both: the embedded default, and a real PostgreSQL server (a fresh database each). */
export const storeBackends = (): StoreBackend[] => [
  { name: 'PGlite', unavailable: '', open: () => createStore({}) },
  { name: 'PostgreSQL', unavailable: postgresUnavailable(), open: async () => createStore({ databaseUrl: await freshPostgresDatabase() }) },
];
