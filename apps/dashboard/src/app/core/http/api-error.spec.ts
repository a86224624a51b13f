import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { displayedErrorOf } from './api-error';

describe('displayedErrorOf', () => {
  it('is null while the resource has no error', () => {
    expect(displayedErrorOf({ error: () => undefined })).toBeNull();
  });

  it("shows the API's message and request id of a failed request", () => {
    const error = new HttpErrorResponse({
      status: 404,
      headers: new HttpHeaders({ 'X-Request-Id': 'header-id' }),
      error: { statusCode: 404, error: 'Not Found', message: 'Model "x" not found', requestId: 'body-id' },
    });
    expect(displayedErrorOf({ error: () => error })).toEqual({ message: 'Model "x" not found', requestId: 'body-id', status: 404 });
  });

  it('says the API cannot be reached when there was no response', () => {
    const error = new HttpErrorResponse({ status: 0 });
    expect(displayedErrorOf({ error: () => error })?.message).toMatch(/cannot be reached/);
  });
});
