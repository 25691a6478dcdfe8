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

  it('loads at / with its title and toolbar, sending a signed-out visitor to sign-in', async () => {
    const page = await open();
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);

    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.title()).toBe('Sign in · Rehabit');
    expect(await textOf(page, 'app-name')).toBe('Rehabit');
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/auth/sign-in');
    await screenshot(page, 'sign-in');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(opened.errors).toEqual([]);
  });

  it('paints its name before any script arrives, and the app replaces that once it starts', async () => {
    const page = await open(PHONE);
    // A phone still waiting for the scripts: none arrives.
    await page.route('**/*.js', (route) => route.abort());
    await page.goto('/');
    await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor();
    expect(await page.locator('rh-root .boot-brand').textContent()).toBe('Rehabit');
    opened.forgetErrors('net::ERR_FAILED');
    await page.unroute('**/*.js');

    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByText('Loading…').count()).toBe(0);
    expect(await page.locator('.boot-brand').count()).toBe(0);
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

  for (const path of ['/patient', '/therapist/patients/new', '/clinic/audit']) {
    it(`asks for sign-in on a deep link into ${path} while signed out`, async () => {
      const page = await open();
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);

      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      const url = new URL(page.url());
      expect(url.pathname).toBe('/auth/sign-in');
      expect(url.searchParams.get('returnUrl')).toBe(path);
      expect(opened.errors).toEqual([]);
    });
  }

  it('explains a wrong password beside the form', async () => {
    const page = await open();
    await page.goto('/auth/sign-in');
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('form-error').waitFor();
    expect(await textOf(page, 'form-error')).toContain('email or password');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

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

  it('navigates with the toolbar links on a wide screen', async () => {
    const page = await open({ viewport: { width: 1280, height: 800 } });
    await page.goto('/about');
    const nav = page.getByRole('navigation', { name: 'Main' });

    await nav.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/auth/sign-in');
    expect(await nav.getByRole('link', { name: 'Sign in' }).getAttribute('aria-current')).toBe(
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

    // The button's state is rendered after the click's change detection, so wait for it: a
    // single read straight after the click raced the render on a slower machine.
    const menu = (expanded: boolean) => page.getByRole('button', { name: 'Menu', expanded });
    await menu(false).waitFor();
    await menu(false).click();
    await menu(true).waitFor();
    await screenshot(page, 'menu-phone');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sign in' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await menu(false).waitFor();
    await screenshot(page, 'sign-in-phone');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(opened.errors).toEqual([]);
  });
});
