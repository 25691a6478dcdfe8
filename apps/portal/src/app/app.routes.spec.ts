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
import { routes } from './app.routes';
import { PageTitleStrategy } from './core/layout/page-title-strategy';

describe('app routes', () => {
  let harness: RouterTestingHarness;

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
  });

  function heading(): string | undefined {
    return harness.routeNativeElement?.querySelector('h1')?.textContent?.trim();
  }

  it('opens About at the root address', async () => {
    await harness.navigateByUrl('/');
    expect(TestBed.inject(Router).url).toBe('/about');
    expect(heading()).toBe('About Rehabit');
    expect(TestBed.inject(Title).getTitle()).toBe('About · Rehabit');
    TestBed.inject(HttpTestingController).expectOne('/api/v1/health');
  });

  for (const [path, expectedHeading, expectedTitle] of [
    ['/auth', 'Sign in', 'Sign in · Rehabit'],
    ['/patient', 'My exercises', 'My exercises · Rehabit'],
    ['/therapist', 'Therapist workspace', 'Therapist · Rehabit'],
    ['/clinic', 'Clinic administration', 'Clinic · Rehabit'],
  ]) {
    it(`lazy-loads the ${path} area and binds its route data into the landing page`, async () => {
      await harness.navigateByUrl(path);
      expect(heading()).toBe(expectedHeading);
      expect(harness.routeNativeElement?.querySelectorAll('[data-testid="planned"] li').length)
        .withContext('planned items come from route data through input binding')
        .toBeGreaterThan(0);
      expect(TestBed.inject(Title).getTitle()).toBe(expectedTitle);
    });
  }

  it('keeps every role area out of the initial bundle', () => {
    const lazy = (path: string): Route | undefined => routes.find((r) => r.path === path);
    for (const area of ['auth', 'patient', 'therapist', 'clinic']) {
      expect(lazy(area)?.loadChildren).withContext(area).toEqual(jasmine.any(Function));
      expect(lazy(area)?.component).withContext(area).toBeUndefined();
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
