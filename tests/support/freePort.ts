export { freePort } from '../../src/cluster/ports.js';
