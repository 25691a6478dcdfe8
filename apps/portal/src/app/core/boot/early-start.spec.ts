import { API_PREFIX } from '@rehabit/contracts';
import { preloadArea, startEarlyRefresh, takeEarlyRefresh } from './early-start';
import { builtPage } from './early-start.testing';

describe('preloadArea (the early start’s area scripts)', () => {
  const preloads = (page: Document) =>
    Array.from(page.head.querySelectorAll('link[rel="modulepreload"]'), (link) =>
      link.getAttribute('href'),
    );
  const AREAS = {
    auth: ['chunk-AUTH.js'],
    patient: ['chunk-P1.js', 'chunk-P2.js'],
    therapist: ['chunk-T1.js'],
    clinic: ['chunk-C1.js'],
  };

  it('preloads every script of the area where the role lands, and nothing else', () => {
    const page = builtPage(AREAS);
    preloadArea('patient', page);
    expect(preloads(page)).toEqual(['chunk-P1.js', 'chunk-P2.js']);

    const admin = builtPage(AREAS);
    preloadArea('admin', admin);
    expect(preloads(admin)).toEqual(['chunk-C1.js']);
  });

  it('preloads sign-in on a device where no one is remembered', () => {
    const page = builtPage(AREAS);
    preloadArea(null, page);
    expect(preloads(page)).toEqual(['chunk-AUTH.js']);
  });

  it('without the build’s list (ng serve) adds no links', () => {
    const page = builtPage(null);
    preloadArea('therapist', page);
    expect(preloads(page)).toEqual([]);
  });
});

describe('the early refresh', () => {
  it('is taken once (a refresh token presented twice revokes its family), from the refresh address', async () => {
    const page = {};
    // Karma's server has no API: the answer is its 404, which is all this needs.
    startEarlyRefresh(page);
    const taken = takeEarlyRefresh(page);
    expect(taken).toBeInstanceOf(Promise);
    expect(takeEarlyRefresh(page)).toBeUndefined();
    const answer = (await taken) as Response;
    expect(new URL(answer.url).pathname).toBe(`${API_PREFIX}/auth/refresh`);
  });

  it('is not there on a page that never asked', () => {
    expect(takeEarlyRefresh({})).toBeUndefined();
  });
});
