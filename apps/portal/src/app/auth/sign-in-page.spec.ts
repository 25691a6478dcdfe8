import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { Session } from '../core/auth/session';
import { safeReturnUrl, SignInPage } from './sign-in-page';

describe('SignInPage', () => {
  let fixture: ComponentFixture<SignInPage>;
  let root: HTMLElement;
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SignInPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    fixture = TestBed.createComponent(SignInPage);
    root = fixture.nativeElement as HTMLElement;
    backend = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
  });

  afterEach(() => {
    TestBed.inject(Session).end();
    backend.verify();
  });

  async function fillAndSubmit(email: string, password: string): Promise<void> {
    const [emailInput, passwordInput] = Array.from(root.querySelectorAll('input'));
    emailInput.value = email;
    emailInput.dispatchEvent(new Event('input'));
    passwordInput.value = password;
    passwordInput.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
  }

  const alertText = () => root.querySelector('[role="alert"]')?.textContent?.trim();

  it('checks the fields before sending anything', async () => {
    await fillAndSubmit('not-an-email', '');
    backend.expectNone('/api/v1/auth/login');
    expect(root.querySelector('mat-error')?.textContent).toContain('email address');
  });

  it('signs in and opens the area of the role', async () => {
    const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
    await fillAndSubmit('theo@clinic.test', 'a long password');
    const req = backend.expectOne('/api/v1/auth/login');
    expect(req.request.body).toEqual({ email: 'theo@clinic.test', password: 'a long password' });
    req.flush({
      accessToken: 'tok',
      expiresIn: 900,
      user: {
        id: 'u',
        role: 'therapist',
        clinicId: 'c',
        displayName: 'Theo',
        email: 'theo@clinic.test',
      },
    });
    expect(navigate).toHaveBeenCalledWith('/therapist');
  });

  it('says plainly when the email or password is wrong', async () => {
    await fillAndSubmit('theo@clinic.test', 'wrong password');
    backend
      .expectOne('/api/v1/auth/login')
      .flush(null, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    expect(alertText()).toBe('The email or password is not right.');
  });

  it('tells how long to wait after too many attempts', async () => {
    await fillAndSubmit('theo@clinic.test', 'wrong password');
    backend.expectOne('/api/v1/auth/login').flush(
      {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail: 'Too many sign-in attempts.',
      },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '120' } },
    );
    await fixture.whenStable();
    expect(alertText()).toBe('Too many sign-in attempts. Please wait 120 s and try again.');
  });

  it('shows the API field error beside the field', async () => {
    await fillAndSubmit('theo@clinic.test', 'x');
    backend.expectOne('/api/v1/auth/login').flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'email: must be an email address',
        errors: [{ field: 'email', message: 'must be an email address' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(root.querySelector('mat-error')?.textContent?.trim()).toBe('must be an email address');
  });

  it('returns only to addresses inside the portal', () => {
    expect(safeReturnUrl('/therapist/patients/1')).toBe('/therapist/patients/1');
    expect(safeReturnUrl('//evil.example')).toBeNull();
    expect(safeReturnUrl('https://evil.example')).toBeNull();
    expect(safeReturnUrl('/auth/sign-in')).toBeNull();
  });
});
