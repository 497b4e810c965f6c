import { NativeConnection } from '@temporalio/worker';
import './quietRuntime.js';
import { createStore } from '../../src/store/store.js';
import { startTestWorker, testLinks, type WorkerSetup } from './stack.js';

// The child side of workerProcess.ts: join the test stack described in PEYGIR_TEST_WORKER and poll.
const setup = JSON.parse(process.env.PEYGIR_TEST_WORKER ?? '{}') as WorkerSetup;
const connection = await NativeConnection.connect({ address: setup.address });
// The API's PostgreSQL when the setup names it (its sends then check the consent the API recorded), else a
// store of its own (PGlite in memory) that knows no customer, so its sends go by the run's consent alone.
const store = await createStore(setup.databaseUrl ? { databaseUrl: setup.databaseUrl } : {}, { secret: testLinks.secret });
await startTestWorker(connection, setup, store);
process.stdout.write('polling\n');
