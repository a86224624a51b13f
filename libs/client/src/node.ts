// `@stress/client/node`: the browser entry's API, plus `uploadDataset(path, …)` streaming a file from disk. In Node,
// `@stress/client` resolves here too (the package's "node" export condition); bundlers for browsers get `index.ts`, which
// imports no Node built-in.
import { MonitorClient as BrowserMonitorClient, type ClientOptions } from './lib/client';
import { openPathFromDisk } from './node/file-source';

export * from './index';

/** The client with uploads from a path on disk. */
export class MonitorClient extends BrowserMonitorClient {
  constructor(options: ClientOptions) {
    super(options, openPathFromDisk);
  }
}

/** `createClient({ baseUrl, apiKey })`: the entry point; `uploadDataset` also takes a path. */
export function createClient(options: ClientOptions): MonitorClient {
  return new MonitorClient(options);
}
