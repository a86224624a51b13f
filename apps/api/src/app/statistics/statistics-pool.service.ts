import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppConfigService } from '../../config/app-config.service';
import {
  runStatisticsTask,
  StatisticsFailure,
  StatisticsResults,
  StatisticsTask,
  StatisticsTaskError,
  toFailure,
  transferablesOfTask,
} from './statistics-tasks';

/** File name of the worker bundle, built next to main.js (see apps/api/webpack.config.js). */
export const STATISTICS_WORKER_FILE = 'statistics-worker.js';

interface Pending {
  task: StatisticsTask;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: { id: number; pending: Pending } | null;
}

type ResultOf<T extends StatisticsTask> = StatisticsResults[T['type']];

/**
 * A small pool of worker threads (STATS_WORKERS, default min(2, CPUs)) for profiles, drift tests and
 * quality metrics, so a large upload or report never stalls the event loop (probes keep answering).
 * Typed arrays are transferred, not copied. Where the worker bundle does not exist (unit specs run
 * the TypeScript sources), tasks run inline.
 */
@Injectable()
export class StatisticsPool implements OnModuleDestroy {
  private readonly logger = new Logger(StatisticsPool.name);
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  readonly size: number;
  private readonly workerFile: string | null;
  private nextId = 1;
  private closed = false;

  constructor(config: AppConfigService) {
    this.size = config.get('STATS_WORKERS') ?? Math.max(1, Math.min(2, availableParallelism()));
    // The bundle's own path: webpack rewrites __dirname and require.main, process.argv[1] stays main.js.
    const candidate = join(dirname(process.argv[1] ?? '.'), STATISTICS_WORKER_FILE);
    this.workerFile = existsSync(candidate) ? candidate : null;
  }

  run<T extends StatisticsTask>(task: T): Promise<ResultOf<T>> {
    if (this.closed) return Promise.reject(new Error('The statistics pool is shut down'));
    if (this.workerFile === null) {
      try {
        return Promise.resolve(runStatisticsTask(task) as ResultOf<T>);
      } catch (error) {
        return Promise.reject(asTaskError(toFailure(error)));
      }
    }
    return new Promise<ResultOf<T>>((resolve, reject) => {
      this.queue.push({ task, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('The statistics pool is shutting down'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    this.slots.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => candidate.busy === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift() as Pending;
      const id = this.nextId++;
      slot.busy = { id, pending };
      slot.worker.postMessage({ id, task: pending.task }, transferablesOfTask(pending.task));
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerFile as string);
    const slot: Slot = { worker, busy: null };
    worker.on('message', (message: { id: number; result?: unknown; failure?: StatisticsFailure }) => {
      const busy = slot.busy;
      if (!busy || busy.id !== message.id) return;
      slot.busy = null;
      if (message.failure) busy.pending.reject(asTaskError(message.failure));
      else busy.pending.resolve(message.result);
      this.dispatch();
    });
    const retire = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (slot.busy) slot.busy.pending.reject(error);
      slot.busy = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (error) => {
      this.logger.error(`Statistics worker failed: ${error.message}`);
      retire(error);
    });
    worker.on('exit', (code) => {
      if (!this.closed) retire(new Error(`Statistics worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }
}

function asTaskError(failure: StatisticsFailure): StatisticsTaskError {
  return new StatisticsTaskError(failure.message, failure.input);
}
