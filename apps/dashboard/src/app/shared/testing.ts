import { HttpRequest } from '@angular/common/http';
import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';

/** Material without CSS animations: jsdom never fires `animationend`, so dialogs would never finish closing. */
export const NO_MATERIAL_ANIMATIONS = { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } };

/**
 * The next request matching `predicate`, once the app has sent it.
 * Resources and requests in flight keep a zoneless app "unstable", and harness actions wait
 * for stability; so start the action without awaiting it, answer its request here, then await it.
 */
export async function nextRequest(
  http: HttpTestingController,
  predicate: (request: HttpRequest<unknown>) => boolean,
  attempts = 200,
): Promise<TestRequest> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const found = http.match(predicate);
    if (found.length > 1)
      throw new Error(`Expected one request, found ${found.length}: ${found.map((r) => r.request.urlWithParams).join(', ')}`);
    if (found.length === 1) return found[0];
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('The expected request was never sent.');
}

export const url = (path: string) => (request: HttpRequest<unknown>) => request.url === path;
