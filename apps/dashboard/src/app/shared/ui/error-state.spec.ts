import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ErrorState } from './error-state';

@Component({
  imports: [ErrorState],
  template: `<sam-error-state [error]="error()" heading="Could not load the models" [retryable]="true" (retry)="retried = retried + 1" />`,
})
class Host {
  readonly error = signal<unknown>(null);
  retried = 0;
}

describe('ErrorState', () => {
  function render(error: unknown) {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.error.set(error);
    fixture.detectChanges();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('shows the API message, its field details and its request id', () => {
    const { element } = render(
      new HttpErrorResponse({
        status: 400,
        error: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'Validation failed',
          details: [{ field: 'points.3.value', message: 'must be a number' }],
          requestId: 'req-1',
        },
      }),
    );
    expect(element.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ')).toContain(
      'Could not load the models: Validation failed',
    );
    expect(element.textContent).toContain('points.3.value: must be a number');
    expect(element.querySelector('[data-testid="request-id"]')?.textContent).toContain('req-1');
  });

  it('falls back to the X-Request-Id header when the body is not the API error shape', () => {
    const { element } = render(
      new HttpErrorResponse({
        status: 502,
        statusText: 'Bad Gateway',
        headers: new HttpHeaders({ 'X-Request-Id': 'hdr-9' }),
        error: '<html>',
      }),
    );
    expect(element.textContent).toContain('502 Bad Gateway');
    expect(element.textContent).toContain('hdr-9');
  });

  it('says when the API cannot be reached, without a request id', () => {
    const { element } = render(new HttpErrorResponse({ status: 0 }));
    expect(element.textContent).toContain('The API cannot be reached');
    expect(element.querySelector('[data-testid="request-id"]')).toBeNull();
  });

  it('emits retry', () => {
    const { fixture, element } = render(new Error('boom'));
    (element.querySelector('button') as HTMLButtonElement).click();
    expect(fixture.componentInstance.retried).toBe(1);
  });
});
