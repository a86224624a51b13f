import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';

/**
 * What pglite-socket's connection handler calls on its queue (the public methods of its own
 * QueryQueueManager, which it does not export). Implementing it makes the compiler check our queue
 * against the package's signatures.
 */
export type SocketQueryQueue = Pick<
  PGLiteSocketHandlerOptions['queryQueue'],
  'enqueue' | 'getQueueLength' | 'clearQueueForHandler' | 'clearTransactionIfNeeded'
>;

/** The part of a PGlite session the queue uses (a fake one in unit specs). */
export type ProtocolSession = Pick<PGlite, 'runExclusive' | 'execProtocolRawStream' | 'isInTransaction' | 'exec'>;

/**
 * The handler's option is typed with the class itself, whose private fields no other class can have;
 * it only ever calls the methods of SocketQueryQueue.
 */
export function handlerQueue(queue: SocketQueryQueue): PGLiteSocketHandlerOptions['queryQueue'] {
  return queue as PGLiteSocketHandlerOptions['queryQueue'];
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

/** Extended-query messages that leave a statement half-prepared until Sync. */
const EXTENDED_PROTOCOL = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'd', 'c', 'f']);

/**
 * Runs the wire-protocol messages of many client connections on one PGlite
 * session, one at a time.
 *
 * pglite-socket's own queue switches connections between any two messages unless a
 * transaction is open. node-postgres sends Parse/Bind/Execute/Sync as separate
 * messages, so two pooled connections interleaving there overwrite each other's
 * unnamed statement ("unnamed prepared statement does not exist"). This queue keeps
 * a connection in charge from its first extended-protocol message until its Sync,
 * and for as long as it holds a transaction open.
 */
export class EmbeddedProtocolQueue implements SocketQueryQueue {
  private readonly queue: QueuedMessage[] = [];
  private processing: Promise<void> | null = null;
  private closed = false;
  /** The connection whose sequence or transaction is in progress, if any. */
  private owner: number | null = null;

  constructor(private readonly db: ProtocolSession) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.closed) return Promise.reject(new Error('the embedded database is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  /** A connection went away: drop what it queued. */
  clearQueueForHandler(handlerId: number): void {
    for (let index = this.queue.length - 1; index >= 0; index--) {
      const item = this.queue[index];
      if (item && item.handlerId === handlerId) {
        this.queue.splice(index, 1);
        item.reject(new Error('connection closed'));
      }
    }
  }

  /** A connection went away mid-sequence or mid-transaction: roll back and free the session. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (!this.closed && this.inTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
    this.owner = null;
    await this.process();
  }

  /** Refuses new work, drops what is queued and waits for the message in progress. */
  async close(): Promise<void> {
    this.closed = true;
    for (const item of this.queue.splice(0)) item.reject(new Error('the embedded database is shutting down'));
    await this.processing;
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  private next(): QueuedMessage | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((item) => item.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private inTransaction(): boolean {
    try {
      return this.db.isInTransaction();
    } catch {
      // A closed database holds no transaction.
      return false;
    }
  }

  private process(): Promise<void> {
    this.processing ??= this.drain().finally(() => {
      this.processing = null;
      // A message enqueued while the drain was finishing found it still running: pick it up.
      if (!this.closed && this.hasRunnable()) void this.process();
    });
    return this.processing;
  }

  private hasRunnable(): boolean {
    return this.owner === null ? this.queue.length > 0 : this.queue.some((item) => item.handlerId === this.owner);
  }

  private async drain(): Promise<void> {
    for (let item = this.next(); item && !this.closed; item = this.next()) {
      let bytes = 0;
      const current = item;
      try {
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(current.message, {
            onRawData: (data: Uint8Array) => {
              bytes += data.length;
              current.onData(data);
            },
          }),
        );
      } catch (error) {
        this.owner = this.inTransaction() ? current.handlerId : null;
        current.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      const type = String.fromCharCode(current.message[0] ?? 0);
      this.owner = EXTENDED_PROTOCOL.has(type) || this.inTransaction() ? current.handlerId : null;
      current.resolve(bytes);
    }
  }
}
