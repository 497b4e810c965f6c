import { NativeConnection } from '@temporalio/worker';
import './quietRuntime.js';
import { startTestWorker, type WorkerSetup } from './stack.js';

// The child side of workerProcess.ts: join the test stack described in PEYGIR_TEST_WORKER and poll.
const setup = JSON.parse(process.env.PEYGIR_TEST_WORKER ?? '{}') as WorkerSetup;
const connection = await NativeConnection.connect({ address: setup.address });
await startTestWorker(connection, setup);
process.stdout.write('polling\n');
