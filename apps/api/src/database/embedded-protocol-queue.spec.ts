import { EmbeddedProtocolQueue, ProtocolSession } from './embedded-protocol-queue';

/**
 * A stand-in PGlite session: records which connection's message ran, answers with fixed bytes, and
 * opens or closes a transaction on simple queries BEGIN / COMMIT (as PostgreSQL would).
 */
class FakeSession {
  readonly executed: string[] = [];
  transaction = false;
  failNext = false;

  asSession(): ProtocolSession {
    return this as unknown as ProtocolSession;
  }

  runExclusive<T>(run: () => Promise<T>): Promise<T> {
    return run();
  }

  async execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void> {
    const text = Buffer.from(message).toString('latin1');
    this.executed.push(text);
    if (this.failNext) {
      this.failNext = false;
      throw new Error(`failed: ${text}`);
    }
    if (text.endsWith('BEGIN')) this.transaction = true;
    if (text.endsWith('COMMIT')) this.transaction = false;
    options.onRawData(new Uint8Array(3));
    options.onRawData(new Uint8Array(2));
  }

  isInTransaction(): boolean {
    return this.transaction;
  }

  async exec(query: string): Promise<void> {
    this.executed.push(`exec ${query}`);
    if (query === 'ROLLBACK') this.transaction = false;
  }
}

/** A wire message: its type byte, then a label the fake records. */
function message(type: string, label = ''): Uint8Array {
  return Buffer.from(`${type}${label}`, 'latin1');
}

describe('EmbeddedProtocolQueue', () => {
  let session: FakeSession;
  let queue: EmbeddedProtocolQueue;
  const send = (handler: number, type: string, label = '') => queue.enqueue(handler, message(type, `${handler}${label}`), () => undefined);

  beforeEach(() => {
    session = new FakeSession();
    queue = new EmbeddedProtocolQueue(session.asSession());
  });

  it('hands each message its answer bytes and resolves with their count', async () => {
    const received: number[] = [];
    const bytes = await queue.enqueue(1, message('Q', 'SELECT 1'), (data) => received.push(data.length));
    expect(bytes).toBe(5);
    expect(received).toEqual([3, 2]);
  });

  it('keeps a connection in charge from its first extended-protocol message until its Sync', async () => {
    const parse = send(1, 'P');
    const bind = send(1, 'B');
    const other = send(2, 'Q');
    await Promise.all([parse, bind]);
    // Connection 1 has not sent Execute and Sync yet: connection 2 must wait for them.
    await new Promise((resolve) => setImmediate(resolve));
    expect(session.executed).toEqual(['P1', 'B1']);
    await Promise.all([send(1, 'E'), send(1, 'S'), other]);
    expect(session.executed).toEqual(['P1', 'B1', 'E1', 'S1', 'Q2']);
  });

  it('keeps a connection in charge while its transaction is open', async () => {
    await send(1, 'Q', 'BEGIN');
    const other = send(2, 'Q', 'SELECT');
    await send(1, 'Q', 'INSERT');
    expect(session.executed).toEqual(['Q1BEGIN', 'Q1INSERT']);
    await Promise.all([send(1, 'Q', 'COMMIT'), other]);
    expect(session.executed).toEqual(['Q1BEGIN', 'Q1INSERT', 'Q1COMMIT', 'Q2SELECT']);
  });

  it('rolls back the transaction of a connection that went away and serves the others', async () => {
    await send(1, 'Q', 'BEGIN');
    const other = send(2, 'Q', 'SELECT');
    await queue.clearTransactionIfNeeded(1);
    await other;
    expect(session.executed).toEqual(['Q1BEGIN', 'exec ROLLBACK', 'Q2SELECT']);
    expect(session.transaction).toBe(false);
  });

  it('leaves the session alone when the connection that went away held nothing', async () => {
    await send(1, 'Q', 'BEGIN');
    await queue.clearTransactionIfNeeded(2);
    expect(session.executed).toEqual(['Q1BEGIN']);
    expect(session.transaction).toBe(true);
  });

  it('drops what a closed connection still had queued', async () => {
    await send(1, 'Q', 'BEGIN');
    const first = send(2, 'Q', 'A');
    const second = send(2, 'Q', 'B');
    expect(queue.getQueueLength()).toBe(2);
    queue.clearQueueForHandler(2);
    await expect(first).rejects.toThrow('connection closed');
    await expect(second).rejects.toThrow('connection closed');
    expect(queue.getQueueLength()).toBe(0);
  });

  it('rejects a failed message and frees the session when no transaction is open', async () => {
    session.failNext = true;
    await expect(send(1, 'P')).rejects.toThrow('failed: P1');
    await send(2, 'Q', 'SELECT');
    expect(session.executed).toEqual(['P1', 'Q2SELECT']);
  });

  it('on close, rejects what is queued and everything sent later', async () => {
    await send(1, 'Q', 'BEGIN');
    const waiting = send(2, 'Q', 'SELECT');
    await queue.close();
    await expect(waiting).rejects.toThrow('shutting down');
    await expect(send(1, 'Q', 'COMMIT')).rejects.toThrow('shutting down');
    expect(session.executed).toEqual(['Q1BEGIN']);
  });
});
