import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ApiKeyRole } from '@stress/contracts';
import { AuthStore } from '../../core/auth/auth-store';
import { IfRoleDirective } from './if-role.directive';
import { roleGate, roleRequirement } from './role-gate';

@Component({
  imports: [IfRoleDirective],
  template: `
    <button *samIfRole="'editor'; else readOnly" data-testid="promote">Promote</button>
    <ng-template #readOnly><span data-testid="read-only">Read only</span></ng-template>
    <button [disabled]="!adminGate.allowed()" [title]="adminGate.reason()" data-testid="delete">Delete</button>
  `,
})
class Host {
  readonly adminGate = roleGate(ApiKeyRole.Admin);
}

describe('role-aware helpers', () => {
  async function signInAs(role: ApiKeyRole | null) {
    TestBed.configureTestingModule({ providers: [provideHttpClient(withXhr()), provideHttpClientTesting()] });
    if (role) {
      const signingIn = TestBed.inject(AuthStore).signIn('sam_key');
      TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/me').flush({ name: 'k', role });
      await signingIn;
    }
    const fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it.each([
    [ApiKeyRole.Viewer, false, true, 'Needs an admin key.'],
    [ApiKeyRole.Editor, true, true, 'Needs an admin key.'],
    [ApiKeyRole.Admin, true, false, ''],
  ])('%s: promote shown %s, delete disabled %s', async (role, promoteShown, deleteDisabled, reason) => {
    const element = await signInAs(role);
    expect(element.querySelector('[data-testid="promote"]') !== null).toBe(promoteShown);
    expect(element.querySelector('[data-testid="read-only"]') !== null).toBe(!promoteShown);
    const remove = element.querySelector('[data-testid="delete"]') as HTMLButtonElement;
    expect(remove.disabled).toBe(deleteDisabled);
    expect(remove.title).toBe(reason);
  });

  it('hides everything role-gated before the role is known', async () => {
    const element = await signInAs(null);
    expect(element.querySelector('[data-testid="promote"]')).toBeNull();
    expect((element.querySelector('[data-testid="delete"]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('explains each requirement', () => {
    expect(roleRequirement(ApiKeyRole.Editor)).toBe('Needs an editor or admin key.');
  });
});
