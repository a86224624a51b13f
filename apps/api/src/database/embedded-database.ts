import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { createServer, Server, Socket } from 'node:net';
import { EmbeddedProtocolQueue, handlerQueue } from './embedded-protocol-queue';

/**
 * PGlite (PostgreSQL compiled to WebAssembly) persisted under DATA_DIR, served on a
 * loopback port so the same `pg` driver, dialect and migrations serve both setups.
 */
export class EmbeddedDatabase {
  private constructor(
    private readonly db: PGlite,
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly queue: EmbeddedProtocolQueue,
    readonly url: string,
    readonly directory: string,
    private readonly lockFile: string,
  ) {}

  static async start(dataDir: string, maxConnections: number): Promise<EmbeddedDatabase> {
    const directory = resolve(dataDir, 'pglite');
    await mkdir(directory, { recursive: true });
    const lockFile = resolve(dataDir, 'pglite.pid');
    await takeLock(lockFile);
    let db: PGlite;
    try {
      db = await PGlite.create(directory);
    } catch (error) {
      await rm(lockFile, { force: true });
      throw new Error(
        `Could not open the embedded database in ${directory}: ${(error as Error).message}. ` +
          'Is another API process using the same DATA_DIR? Stop it, or set DATA_DIR to another folder.',
      );
    }
    // One PGlite session serves every pooled connection through a protocol-aware queue.
    const queue = new EmbeddedProtocolQueue(db);
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      const handler = new PGLiteSocketHandler({ queryQueue: handlerQueue(queue), closeOnDetach: true });
      handler.attach(socket).catch(() => socket.destroy());
    });
    server.maxConnections = maxConnections + 4;
    const port = await new Promise<number>((resolvePort, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolvePort(typeof address === 'object' && address ? address.port : 0);
      });
    });
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
    return new EmbeddedDatabase(db, server, sockets, queue, url, directory, lockFile);
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolveClose) => this.server.close(() => resolveClose()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    // Let the statement in progress finish before the database goes away under it.
    await this.queue.close();
    await this.db.close();
    await rm(this.lockFile, { force: true });
  }
}

/**
 * PGlite is a single-process database: two processes on one DATA_DIR would corrupt
 * it. A pid file refuses the second; a stale one (the owner died) is taken over.
 */
async function takeLock(lockFile: string): Promise<void> {
  const owner = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `The embedded database in ${resolve(lockFile, '..')} is in use by process ${owner}. ` +
        'Stop that process, or give this one another DATA_DIR.',
    );
  }
  await writeFile(lockFile, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
