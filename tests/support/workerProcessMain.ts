import { NativeConnection } from '@temporalio/worker';
import './quietRuntime.js';
import { createStore } from '../../src/store/store.js';
import { startTestWorker, type WorkerSetup } from './stack.js';

// The child side of workerProcess.ts: join the test stack described in PEYGIR_TEST_WORKER and poll.
const setup = JSON.parse(process.env.PEYGIR_TEST_WORKER ?? '{}') as WorkerSetup;
const connection = await NativeConnection.connect({ address: setup.address });
// A store of its own (PGlite in memory; the run's PostgreSQL is known only inside vitest): it knows no
// customer, so its sends go by the run's consent alone.
await startTestWorker(connection, setup, await createStore({}));
process.stdout.write('polling\n');
