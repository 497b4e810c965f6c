import { Connection } from '@temporalio/client';

/**
 * A connection to a Temporal that is not there (port 1), for tests of the API without a server. No gRPC
 * retries: a call fails at once, so no retry timer outlives the connection and fires after it is closed
 * (an uncaught "Channel has been shut down" that fails the whole run).
 */
export function unreachableTemporal(address = '127.0.0.1:1'): Connection {
  return Connection.lazy({ address, connectTimeout: 300, interceptors: [] });
}
