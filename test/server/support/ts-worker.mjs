// Runs a TypeScript module in a worker thread (tests): `new Worker(thisFile, { workerData: { entry } })`.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
