import { parentPort } from 'node:worker_threads';
import { runStatisticsTask, StatisticsTask, toFailure } from './statistics-tasks';

/** Entry of `statistics-worker.js` (a second webpack entry next to main.js): runs tasks off the event loop. */
interface TaskMessage {
  id: number;
  task: StatisticsTask;
}

parentPort?.on('message', (message: TaskMessage) => {
  try {
    const result = runStatisticsTask(message.task);
    // Results are small (profiles, test results, compressed chunks): copied, never transferred, since a
    // Node Buffer may share a pooled ArrayBuffer with others.
    parentPort?.postMessage({ id: message.id, result });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, failure: toFailure(error) });
  }
});
