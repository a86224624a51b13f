import { Component, signal } from '@angular/core';
import { provideHttpClient, REQUESTS_CONTRIBUTE_TO_STABILITY } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { nextRequest, NO_MATERIAL_ANIMATIONS, url } from '../testing';
import { MODEL_PICKER_PAGE, ModelPicker } from './model-picker';

@Component({
  imports: [ModelPicker],
  template: `<sam-model-picker [value]="value()" (valueChange)="changes.push($event); value.set($event)" testId="picker" />`,
})
class Host {
  readonly value = signal('');
  readonly changes: string[] = [];
}

const model = (name: string) => ({ name });

describe('ModelPicker', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<Host>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        NO_MATERIAL_ANIMATIONS,
        // The search request is answered by the test while the page waits: it must not block stability.
        { provide: REQUESTS_CONTRIBUTE_TO_STABILITY, useValue: false },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  const input = () => (fixture.nativeElement as HTMLElement).querySelector('[data-testid="picker"]') as HTMLInputElement;
  const options = () => Array.from(document.querySelectorAll('mat-option')).map((option) => option.textContent?.trim());
  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  it('asks the server for one page of models, then searches the server as the user types', async () => {
    const first = await nextRequest(http, url('/api/v1/models'));
    expect(first.request.params.get('limit')).toBe(String(MODEL_PICKER_PAGE));
    expect(first.request.params.has('search')).toBe(false);
    first.flush({ items: [model('alpha'), model('beta')], total: 250 });
    await settle();

    input().dispatchEvent(new Event('focusin'));
    await settle();
    expect(options()).toEqual(['All models', 'alpha', 'beta', '248 more: type to narrow']);

    input().value = 'zeta-7';
    input().dispatchEvent(new Event('input'));
    fixture.detectChanges();
    const searched = await nextRequest(http, url('/api/v1/models'));
    expect(searched.request.params.get('search')).toBe('zeta-7');
    searched.flush({ items: [model('zeta-7')], total: 1 });
    await settle();
    expect(options()).toEqual(['All models', 'zeta-7']);

    (Array.from(document.querySelectorAll('mat-option')).find((option) => option.textContent?.trim() === 'zeta-7') as HTMLElement).click();
    fixture.detectChanges();
    // After a choice the list starts again from the first page, for the next time the field opens.
    const reset = await nextRequest(http, url('/api/v1/models'));
    expect(reset.request.params.has('search')).toBe(false);
    reset.flush({ items: [model('alpha'), model('beta'), model('zeta-7')], total: 3 });
    await settle();
    expect(fixture.componentInstance.changes).toEqual(['zeta-7']);
    expect(input().value).toBe('zeta-7');
  });
});
