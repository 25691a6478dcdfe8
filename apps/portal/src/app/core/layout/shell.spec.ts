import { BreakpointObserver, BreakpointState } from '@angular/cdk/layout';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { BehaviorSubject } from 'rxjs';
import { clearAllDrafts, saveDraft } from '../../shared/logging/drafts';
import { AuthStore } from '../auth/auth-store';
import { Session } from '../auth/session';
import { routes } from '../../app.routes';
import { Shell } from './shell';

describe('Shell', () => {
  let fixture: ComponentFixture<Shell>;
  let root: HTMLElement;
  // The viewport of the test browser is fixed, so the width query is driven by hand.
  const narrow = new BehaviorSubject<BreakpointState>({ matches: false, breakpoints: {} });

  beforeEach(async () => {
    narrow.next({ matches: false, breakpoints: {} });
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: BreakpointObserver, useValue: { observe: () => narrow.asObservable() } },
      ],
    });
    fixture = TestBed.createComponent(Shell);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  function navLinks(): string[] {
    return Array.from(root.querySelectorAll('nav[aria-label="Main"] a')).map(
      (a) => a.textContent?.trim() ?? '',
    );
  }

  it('names the app in the toolbar and has banner, navigation and main landmarks', () => {
    expect(root.querySelector('[data-testid="app-name"]')?.textContent?.trim()).toBe('Rehabit');
    expect(root.querySelector('header mat-toolbar')).not.toBeNull();
    expect(root.querySelector('main#main')).not.toBeNull();
    expect(navLinks()).toEqual(['About', 'Sign in']);
  });

  it('shows each role only its own places, and a sign-out button with the name', async () => {
    TestBed.inject(AuthStore).setSession({
      accessToken: 't',
      expiresIn: 900,
      user: { id: 'a', role: 'admin', clinicId: 'c', displayName: 'Ada Admin', email: 'a@x.io' },
    });
    await fixture.whenStable();
    expect(navLinks()).toEqual([
      'Dashboard',
      'Patients',
      'Staff',
      'Audit trail',
      'Clinic settings',
      'About',
    ]);
    expect(root.querySelector('[data-testid="sign-out"]')?.textContent).toContain('Ada Admin');
  });

  it('asks before a sign-out would delete entries not sent yet, and stays on "no"', async () => {
    TestBed.inject(AuthStore).setSession({
      accessToken: 't',
      expiresIn: 900,
      user: {
        id: 'p',
        role: 'patient',
        clinicId: 'c',
        displayName: 'Pat',
        email: 'p@x.io',
        patientId: 'p1',
      },
    });
    await fixture.whenStable();
    const signOut = spyOn(TestBed.inject(Session), 'signOut').and.resolveTo();
    const confirm = spyOn(window, 'confirm').and.returnValue(false);
    const button = () => root.querySelector<HTMLButtonElement>('[data-testid="sign-out"]');
    try {
      button()?.click();
      expect(confirm).not.toHaveBeenCalled();
      expect(signOut).toHaveBeenCalledTimes(1);

      saveDraft('pain', 'p1', { score: 6 }, { unsent: true });
      button()?.click();
      expect(confirm).toHaveBeenCalledTimes(1);
      expect(signOut).toHaveBeenCalledTimes(1);
      confirm.and.returnValue(true);
      button()?.click();
      expect(signOut).toHaveBeenCalledTimes(2);
    } finally {
      clearAllDrafts();
    }
  });

  it('marks the link of the current area', async () => {
    await TestBed.inject(Router).navigateByUrl('/about');
    await fixture.whenStable();
    const current = root.querySelector('nav a[aria-current="page"]');
    expect(current?.textContent?.trim()).toBe('About');
  });

  it('folds the links behind a menu button on narrow screens', async () => {
    narrow.next({ matches: true, breakpoints: {} });
    await fixture.whenStable();
    const button = root.querySelector<HTMLButtonElement>('button[aria-controls="main-nav"]');
    const nav = root.querySelector<HTMLElement>('#main-nav');
    expect(button?.getAttribute('aria-expanded')).toBe('false');
    expect(nav?.hidden).toBeTrue();

    button?.click();
    await fixture.whenStable();
    expect(button?.getAttribute('aria-expanded')).toBe('true');
    expect(root.querySelector<HTMLElement>('#main-nav')?.hidden).toBeFalse();

    root.querySelector<HTMLAnchorElement>('#main-nav a')?.click();
    await fixture.whenStable();
    expect(button?.getAttribute('aria-expanded')).toBe('false');
  });
});
