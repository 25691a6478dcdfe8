import { API_PREFIX } from '@rehabit/contracts';
import type { Page } from 'playwright-core';
import { seriousA11yViolations } from './support/axe';
import { OpenedPage, openPage } from './support/browser';
import { environment } from './support/environment';
import { screenshot } from './support/screenshot';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

describe('portal served by the API', () => {
  let opened: OpenedPage;

  afterEach(async () => {
    await opened?.close();
  });

  async function open(options = {}): Promise<Page> {
    const { api, browser } = environment();
    opened = await openPage(browser, api.baseUrl, options);
    return opened.page;
  }

  it('loads at / with its title and toolbar, opening About', async () => {
    const page = await open();
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);

    await page.getByRole('heading', { level: 1, name: 'About Rehabit' }).waitFor();
    expect(await page.title()).toBe('About · Rehabit');
    expect(await textOf(page, 'app-name')).toBe('Rehabit');
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/about');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(opened.errors).toEqual([]);
  });

  it('shows on About that the embedded database is up', async () => {
    const page = await open();
    await page.goto('/about');

    const dbStatus = page.getByTestId('db-status');
    await dbStatus.waitFor();
    expect(await textOf(page, 'api-status')).toBe('ok');
    expect(await textOf(page, 'db-status')).toBe('up');
    expect(await textOf(page, 'db-kind')).toBe('embedded');
    expect(await textOf(page, 'api-version')).not.toBe('');
    await screenshot(page, 'about-desktop');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(opened.errors).toEqual([]);
  });

  const areas: ReadonlyArray<[path: string, heading: string, title: string]> = [
    ['/auth', 'Sign in', 'Sign in · Rehabit'],
    ['/patient', 'My exercises', 'My exercises · Rehabit'],
    ['/therapist', 'Therapist workspace', 'Therapist · Rehabit'],
    ['/clinic', 'Clinic administration', 'Clinic · Rehabit'],
  ];
  for (const [path, heading, title] of areas) {
    it(`opens the lazy ${path} area from a deep link`, async () => {
      const page = await open();
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);

      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await page.title()).toBe(title);
      expect(await page.getByTestId('toolbar').isVisible()).toBeTrue();
      await screenshot(page, `area${path.replace('/', '-')}`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(opened.errors).toEqual([]);
    });
  }

  it('answers an unknown portal address with the portal’s own not-found page', async () => {
    const page = await open();
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('does not answer an unknown API path with the portal page', async () => {
    const response = await fetch(`${environment().api.baseUrl}${API_PREFIX}/no-such-endpoint`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  it('navigates between areas with the toolbar links on a wide screen', async () => {
    const page = await open({ viewport: { width: 1280, height: 800 } });
    await page.goto('/about');
    const nav = page.getByRole('navigation', { name: 'Main' });

    await nav.getByRole('link', { name: 'Therapist' }).click();
    await page.getByRole('heading', { level: 1, name: 'Therapist workspace' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/therapist');
    expect(await nav.getByRole('link', { name: 'Therapist' }).getAttribute('aria-current')).toBe(
      'page',
    );

    await nav.getByRole('link', { name: 'About' }).click();
    await page.getByTestId('db-status').waitFor();
    expect(await textOf(page, 'db-status')).toBe('up');
  });

  it('opens the menu and reaches an area on a phone', async () => {
    const page = await open(PHONE);
    await page.goto('/about');
    await page.getByTestId('db-status').waitFor();
    await screenshot(page, 'about-phone');

    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'menu-phone');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patient' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'My exercises' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, 'area-patient-phone');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(opened.errors).toEqual([]);
  });
});
