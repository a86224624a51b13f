import { HttpParams } from '@angular/common/http';

/** Query parameters without the unset ones (`undefined`, `null` and empty strings are left out). */
export function toParams(query: Record<string, string | number | boolean | null | undefined>): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}
