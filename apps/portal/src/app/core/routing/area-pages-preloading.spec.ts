import { Component, inject, PendingTasks } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, RouterPreloader, Routes, withPreloading } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AreaPagesPreloading } from './area-pages-preloading';

/** What HttpClient does for each request in the application: the app is not stable meanwhile. */
let answerLandingRequest: () => void;

@Component({ template: '<h1>Landing</h1>' })
class LandingPage {
  constructor() {
    answerLandingRequest = inject(PendingTasks).add();
  }
}

@Component({ template: '<h1>Next</h1>' })
class NextPage {}

/** Lets the router's loads and the strategy's promises run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve));
}

describe('AreaPagesPreloading', () => {
  let loaded: string[];
  let harness: RouterTestingHarness;

  const page = (name: string) => () => {
    loaded.push(name);
    return Promise.resolve(NextPage);
  };
  const area = (name: string, routes: Routes) => () => {
    loaded.push(name);
    return Promise.resolve(routes);
  };

  beforeEach(async () => {
    loaded = [];
    const routes: Routes = [
      { path: 'about', loadComponent: page('about') },
      {
        path: 'mine',
        loadChildren: area('mine', [
          { path: '', component: LandingPage },
          { path: 'log', loadComponent: page('mine/log') },
          { path: 'history', loadComponent: page('mine/history') },
          {
            path: 'broken',
            loadComponent: () => {
              loaded.push('mine/broken');
              return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
            },
          },
        ]),
      },
      // Another role's area: its guard would let this person in or not; either way only a
      // navigation fetches it.
      {
        path: 'theirs',
        loadChildren: area('theirs', [{ path: 'plans', loadComponent: page('theirs/plans') }]),
      },
    ];
    TestBed.configureTestingModule({
      providers: [provideRouter(routes, withPreloading(AreaPagesPreloading))],
    });
    // What the application's bootstrap does; a TestBed does not bootstrap.
    TestBed.inject(RouterPreloader).setUpPreloading();
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => {
    delete (navigator as { connection?: { saveData?: boolean } }).connection?.saveData;
    delete (navigator as { onLine?: boolean }).onLine;
  });

  it('fetches the pages of the area opened once its page has its answers, never another area', async () => {
    await harness.navigateByUrl('/mine');
    await settle();
    expect(loaded).withContext('while the landing page waits for its answer').toEqual(['mine']);

    answerLandingRequest();
    await settle();
    expect(loaded.sort()).toEqual(['about', 'mine', 'mine/broken', 'mine/history', 'mine/log']);
  });

  it('goes on after a page that could not be fetched, and tries it again on the next page', async () => {
    await harness.navigateByUrl('/mine');
    answerLandingRequest();
    await settle();
    await harness.navigateByUrl('/mine/log');
    await settle();
    expect(loaded.filter((name) => name === 'mine/broken').length).toBe(2);
  });

  it('fetches nothing ahead while offline', async () => {
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });

    await harness.navigateByUrl('/mine');
    answerLandingRequest();
    await settle();
    expect(loaded).toEqual(['mine']);
  });

  it('fetches nothing ahead on Data Saver', async () => {
    const connection = (navigator as { connection?: object }).connection;
    expect(connection).withContext('Chromium has the Network Information API').toBeDefined();
    Object.defineProperty(connection, 'saveData', { value: true, configurable: true });

    await harness.navigateByUrl('/mine');
    answerLandingRequest();
    await settle();
    expect(loaded).toEqual(['mine']);
  });
});
