import { Pipe, PipeTransform } from '@angular/core';
import { formatBytes, formatDateTime, formatNumber, formatPercent, formatPValue } from './format';

/** `{{ value | samNumber }}`: up to 4 significant digits (see formatNumber). */
@Pipe({ name: 'samNumber' })
export class NumberFormatPipe implements PipeTransform {
  transform(value: number | null | undefined, digits?: number): string {
    return formatNumber(value, digits);
  }
}

/** `{{ share | samPercent }}`: a 0–1 share as a percentage (see formatPercent). */
@Pipe({ name: 'samPercent' })
export class PercentFormatPipe implements PipeTransform {
  transform(share: number | null | undefined, digits?: number): string {
    return formatPercent(share, digits);
  }
}

/** `{{ p | samPValue }}`: p-values, tiny ones with their exponent. */
@Pipe({ name: 'samPValue' })
export class PValueFormatPipe implements PipeTransform {
  transform(value: number | null | undefined): string {
    return formatPValue(value);
  }
}

/** `{{ bytes | samBytes }}`: "1.5 MB". */
@Pipe({ name: 'samBytes' })
export class BytesFormatPipe implements PipeTransform {
  transform(bytes: number): string {
    return formatBytes(bytes);
  }
}

/** `{{ iso | samDateTime }}`: "2026-11-26 14:05 UTC". */
@Pipe({ name: 'samDateTime' })
export class DateTimeFormatPipe implements PipeTransform {
  transform(iso: string | Date | null | undefined): string {
    return formatDateTime(iso);
  }
}

/** Every display format as a pipe, for a component's `imports`. */
export const FORMAT_PIPES = [NumberFormatPipe, PercentFormatPipe, PValueFormatPipe, BytesFormatPipe, DateTimeFormatPipe] as const;
