import type { PGlite } from '@electric-sql/pglite';

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
export class EmbeddedProtocolQueue {
  private readonly queue: QueuedMessage[] = [];
  private processing = false;
  /** The connection whose sequence or transaction is in progress, if any. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
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
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    await this.process();
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  private next(): QueuedMessage | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((item) => item.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        let bytes = 0;
        try {
          const current = item;
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = this.db.isInTransaction() ? item.handlerId : null;
          item.reject(error as Error);
          continue;
        }
        const type = String.fromCharCode(item.message[0] ?? 0);
        this.owner = EXTENDED_PROTOCOL.has(type) || this.db.isInTransaction() ? item.handlerId : null;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }
}
