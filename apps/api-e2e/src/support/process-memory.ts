import { readFileSync, writeFileSync } from 'node:fs';

/** Resident memory of a (child) process in MB, now and at its peak, from /proc/<pid>/status (Linux). */
export function processMemoryMb(pid: number): { resident: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1]);
  return { resident: kilobytes('VmRSS') / 1024, peak: kilobytes('VmHWM') / 1024 };
}

/**
 * Starts a new peak: the process's VmHWM becomes its current RSS (Linux `clear_refs` 5), so the peak read
 * after a request is what that request needed, not what start-up once took.
 */
export function resetPeakMemory(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
