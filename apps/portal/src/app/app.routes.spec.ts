import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import {
  provideRouter,
  Route,
  Router,
  Routes,
  TitleStrategy,
  withComponentInputBinding,
} from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AuthUser, Role } from '@rehabit/contracts';
import { importAreaUnlessListed, routes } from './app.routes';
import { AuthStore } from './core/auth/auth-store';
import { builtPage } from './core/boot/early-start.testing';
import { PageTitleStrategy } from './core/layout/page-title-strategy';

function signInAs(role: Role): void {
  const user: AuthUser = {
    id: 'u1',
    role,
    clinicId: 'c1',
    displayName: 'Dana Doe',
    email: 'dana@example.com',
  };
  TestBed.inject(AuthStore).setSession({ accessToken: 't', expiresIn: 900, user });
}

describe('app routes', () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    harness = await RouterTestingHarness.create();
    backend = TestBed.inject(HttpTestingController);
  });

  function heading(): string | undefined {
    return harness.routeNativeElement?.querySelector('h1')?.textContent?.trim();
  }

  function url(): string {
    return TestBed.inject(Router).url;
  }

  it('sends a signed-out visitor from / to sign-in', async () => {
    await harness.navigateByUrl('/');
    expect(url()).toBe('/auth/sign-in');
    expect(heading()).toBe('Sign in');
    expect(TestBed.inject(Title).getTitle()).toBe('Sign in · Rehabit');
  });

  for (const [role, home] of [
    ['patient', '/patient'],
    ['therapist', '/therapist'],
    ['admin', '/clinic/staff'],
  ] as const) {
    it(`sends a signed-in ${role} from / to ${home}`, async () => {
      signInAs(role);
      await harness.navigateByUrl('/');
      expect(url()).toBe(home);
    });
  }

  it('keeps About open to everyone', async () => {
    await harness.navigateByUrl('/about');
    expect(heading()).toBe('About Rehabit');
    backend.expectOne('/api/v1/health');
  });

  it('asks a signed-out visitor of a role area to sign in, remembering where they went', async () => {
    await harness.navigateByUrl('/therapist/patients/new');
    expect(url()).toBe('/auth/sign-in?returnUrl=%2Ftherapist%2Fpatients%2Fnew');
  });

  it('turns a patient away from the therapist and clinic areas to their own', async () => {
    signInAs('patient');
    await harness.navigateByUrl('/therapist');
    expect(url()).toBe('/patient');
    await harness.navigateByUrl('/clinic/audit');
    expect(url()).toBe('/patient');
  });

  it('lets an admin into the patient list but a therapist not into clinic administration', async () => {
    signInAs('admin');
    await harness.navigateByUrl('/therapist');
    expect(url()).toBe('/therapist');
    TestBed.inject(AuthStore).clear();
    signInAs('therapist');
    await harness.navigateByUrl('/clinic');
    expect(url()).toBe('/therapist');
  });

  it('opens the invitation page with the token from the link', async () => {
    await harness.navigateByUrl('/auth/invitation?token=abc');
    expect(heading()).toBe('Welcome to Rehabit');
    expect(harness.routeNativeElement?.querySelector('form')).not.toBeNull();
  });

  it('keeps every role area out of the initial bundle', () => {
    const lazy = (path: string): Route | undefined => routes.find((r) => r.path === path);
    for (const area of ['auth', 'patient', 'therapist', 'clinic']) {
      expect(lazy(area)?.loadChildren).withContext(area).toEqual(jasmine.any(Function));
      expect(lazy(area)?.component).withContext(area).toBeUndefined();
    }
    for (const area of ['patient', 'therapist', 'clinic']) {
      expect(lazy(area)?.canMatch?.length).withContext(area).toBe(1);
    }
  });

  it('answers an unknown address with a page that says so', async () => {
    await harness.navigateByUrl('/no/such/page');
    expect(heading()).toBe('Page not found');
  });

  it('loads each area as a list of routes with a landing page', async () => {
    for (const route of routes.filter((r) => r.loadChildren)) {
      const children = (await (route.loadChildren as () => Promise<Routes>)()) as Routes;
      expect(children.some((child) => child.path === ''))
        .withContext(String(route.path))
        .toBeTrue();
    }
  });
});

describe('importAreaUnlessListed (the area fetched while the session is restored)', () => {
  it('without the build’s list (ng serve) imports the area itself, without links', async () => {
    const page = builtPage(null);
    const imported = importAreaUnlessListed('therapist', page);
    expect(page.head.querySelectorAll('link').length).toBe(0);
    const areaRoutes = (await imported) as Routes;
    expect(areaRoutes.map((route) => route.path)).toContain('patients/:id');
  });

  it('leaves an area the build listed to the early start', () => {
    const page = builtPage({ therapist: ['chunk-T1.js'] });
    expect(importAreaUnlessListed('therapist', page)).toBeNull();
  });
});
