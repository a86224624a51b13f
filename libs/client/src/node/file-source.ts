import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PathOpener } from '../lib/upload';

/** Opens a CSV on disk for `uploadDataset`: streamed in 256 KiB pieces (never read whole), and readable again for a retry. */
export const openPathFromDisk: PathOpener = async (path, options) => {
  const { size } = await stat(path);
  return {
    stream: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
    size,
    fileName: options.fileName ?? basename(path),
    repeatable: true,
  };
};
