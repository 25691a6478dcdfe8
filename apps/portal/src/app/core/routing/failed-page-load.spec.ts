import { LocationStrategy } from '@angular/common';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withNavigationErrorHandler } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { shownNotice } from '../layout/notice.testing';
import {
  isScriptNotFetched,
  mayOpenAfresh,
  openFailedPageAfresh,
  PAGE_NOT_LOADED,
} from './failed-page-load';

const CHROMIUM = 'Failed to fetch dynamically imported module: https://rehabit.test/chunk-GONE.js';
const FIREFOX = 'error loading dynamically imported module: https://rehabit.test/chunk-GONE.js';
const SAFARI = 'Importing a module script failed.';
const STORED = 'rehabit.openedAfresh';

@Component({ template: '<h1>Here</h1>' })
class HerePage {}

describe('a page whose code could not be fetched', () => {
  afterEach(() => {
    sessionStorage.removeItem(STORED);
    delete (navigator as { onLine?: boolean }).onLine;
  });

  it('is told from other navigation errors by what each engine says', () => {
    for (const message of [CHROMIUM, FIREFOX, SAFARI])
      expect(isScriptNotFetched(new TypeError(message)))
        .withContext(message)
        .toBeTrue();
    expect(isScriptNotFetched(new TypeError("Cannot read properties of undefined (reading 'id')")))
      .withContext("a page's own fault")
      .toBeFalse();
    expect(isScriptNotFetched(new Error('Forbidden'))).toBeFalse();
    expect(isScriptNotFetched(CHROMIUM)).withContext('not an error at all').toBeFalse();
  });

  it('is opened afresh once a minute at most, per page', () => {
    const start = Date.UTC(2026, 11, 7, 9);
    expect(mayOpenAfresh(window, '/patient/pain', start)).toBeTrue();
    expect(mayOpenAfresh(window, '/patient/pain', start + 59_000)).toBeFalse();
    expect(mayOpenAfresh(window, '/patient/log', start + 59_000))
      .withContext('another page')
      .toBeTrue();
    expect(mayOpenAfresh(window, '/patient/pain', start + 120_000)).toBeTrue();
  });

  it('is not opened afresh where the browser keeps no storage for the site', () => {
    const noStorage = {
      get sessionStorage(): Storage {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    } as Window;
    expect(mayOpenAfresh(noStorage, '/patient/pain')).toBeFalse();
  });

  it('takes a note it cannot read for no note', () => {
    sessionStorage.setItem(STORED, '{not json');
    expect(mayOpenAfresh(window, '/patient/pain')).toBeTrue();
    expect(mayOpenAfresh(window, '/patient/pain')).toBeFalse();
  });

  describe('as the router meets it', () => {
    let harness: RouterTestingHarness;
    let loads: number;

    beforeEach(async () => {
      loads = 0;
      TestBed.configureTestingModule({
        providers: [
          provideRouter(
            [
              { path: 'here', component: HerePage },
              {
                path: 'gone',
                loadComponent: () => {
                  loads++;
                  return Promise.reject(new TypeError(CHROMIUM));
                },
              },
              {
                path: 'faulty',
                loadComponent: () => Promise.reject(new TypeError('x is not a function')),
              },
            ],
            withNavigationErrorHandler(openFailedPageAfresh),
          ),
        ],
      });
      harness = await RouterTestingHarness.create('/here');
    });

    // Online on a first try the handler loads the page anew, which would end this Karma run:
    // apps/portal-e2e/src/bundle.e2e.ts checks that in a browser against the built portal.

    it('offline: stays on the page it was on and says the page could not be loaded', async () => {
      Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });

      await expectAsync(harness.navigateByUrl('/gone')).toBeRejectedWithError(TypeError);
      expect(loads).toBe(1);
      expect(await shownNotice()).toBe(PAGE_NOT_LOADED);
      expect(TestBed.inject(Router).url).toBe('/here');
      expect(sessionStorage.getItem(STORED)).withContext('no try was spent').toBeNull();
    });

    it('opened afresh a moment ago: says so instead of loading it again', async () => {
      const href = TestBed.inject(LocationStrategy).prepareExternalUrl('/gone');
      expect(mayOpenAfresh(window, href)).toBeTrue();

      await expectAsync(harness.navigateByUrl('/gone')).toBeRejectedWithError(TypeError);
      expect(await shownNotice()).toBe(PAGE_NOT_LOADED);
      expect(TestBed.inject(Router).url).toBe('/here');
    });

    it("leaves a page's own failures to the error handler", async () => {
      await expectAsync(harness.navigateByUrl('/faulty')).toBeRejectedWithError(TypeError);
      expect(await shownNotice()).toBeNull();
      expect(sessionStorage.getItem(STORED)).toBeNull();
    });
  });
});
