import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { NgTemplateOutlet } from '@angular/common';
import { filter, map } from 'rxjs';
import { AuthStore } from '../auth/auth-store';
import { hasUnsentDrafts } from '../../shared/logging/drafts';
import { Session } from '../auth/session';
import { navLinksFor } from './nav-links';
import { APP_NAME } from './page-title-strategy';

// Below this width the links no longer fit beside the name: they fold behind a menu button.
const NARROW_QUERY = '(max-width: 719.98px)';

/**
 * The application frame. On phones the navigation is a plain disclosure panel under the toolbar
 * rather than a Material sidenav: it needs no overlay or focus trap, and keeps ~50 kB of
 * sidenav and list code out of the bundle every patient downloads first.
 */
@Component({
  selector: 'rh-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatToolbarModule,
    NgTemplateOutlet,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  protected readonly appName = APP_NAME;
  private readonly auth = inject(AuthStore);
  private readonly session = inject(Session);
  protected readonly user = this.auth.user;
  protected readonly signedIn = this.auth.signedIn;
  protected readonly links = computed(() => navLinksFor(this.auth.role()));
  protected readonly menuOpen = signal(false);
  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_QUERY)
      .pipe(map((state) => state.matches)),
    // Mobile first: until the query answers, assume the small screen.
    { initialValue: true },
  );

  constructor() {
    // A menu left open on a phone would reappear, stale, after rotating back from landscape.
    effect(() => {
      if (!this.narrow()) this.menuOpen.set(false);
    });
    // After an in-app navigation, focus moves to the new page's heading, so a screen reader
    // announces where the person is and keyboard users start at the top of the new content.
    const subscription = inject(Router)
      .events.pipe(
        filter((event) => event instanceof NavigationEnd),
        map((_event, index) => index),
        filter((index) => index > 0),
      )
      .subscribe(() => setTimeout(() => this.focusHeading(), 50));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  /** Unsent entries are deleted from the device on sign-out: ask first, in plain words. */
  protected signOut(): void {
    this.closeMenu();
    if (
      hasUnsentDrafts() &&
      !window.confirm(
        'Some entries have not been sent yet. Signing out deletes them from this device. Sign out anyway?',
      )
    )
      return;
    void this.session.signOut();
  }

  private focusHeading(): void {
    const main = document.getElementById('main');
    if (!main || main.contains(document.activeElement)) return;
    const heading = main.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
    } else {
      main.focus();
    }
  }

  protected toggleMenu(): void {
    this.menuOpen.update((open) => !open);
  }

  protected closeMenu(): void {
    this.menuOpen.set(false);
  }

  protected focusMain(event: Event): void {
    // The fragment link alone scrolls but leaves focus behind in some browsers.
    event.preventDefault();
    document.getElementById('main')?.focus();
  }
}
