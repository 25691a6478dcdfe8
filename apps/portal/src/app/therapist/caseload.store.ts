import { computed, inject, Injectable, signal } from '@angular/core';
import type { PatientListItem } from '@rehabit/contracts';
import { Subscription } from 'rxjs';
import { AuthStore } from '../core/auth/auth-store';
import { PatientsApi } from './patients-api';

export type CaseloadScope = 'mine' | 'all';
export type CaseloadSort = 'name' | 'newest' | 'oldest' | 'pain' | 'adherence' | 'alerts';

export const CASELOAD_PAGE_SIZE = 25;

/**
 * The therapist's patient list: search and scope go to the API (`q`, `therapistId`), pages are
 * appended with `nextCursor`. The API lists newest first; name order sorts the rows loaded so far.
 */
@Injectable({ providedIn: 'root' })
export class CaseloadStore {
  private readonly api = inject(PatientsApi);
  private readonly auth = inject(AuthStore);
  private request: Subscription | null = null;

  readonly query = signal('');
  readonly scope = signal<CaseloadScope>('mine');
  readonly sort = signal<CaseloadSort>('newest');
  /** Only patients with an open alert (the API's `alerts=open`). */
  readonly alertsOnly = signal(false);
  private readonly rows = signal<PatientListItem[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);

  readonly patients = computed(() => {
    const rows = [...this.rows()];
    switch (this.sort()) {
      case 'name':
        return rows.sort((a, b) =>
          a.displayName.localeCompare(b.displayName, undefined, { sensitivity: 'base' }),
        );
      case 'oldest':
        return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      // Who needs attention first: most pain, least adherence, most open alerts; no data last.
      case 'pain':
        return rows.sort((a, b) => (b.lastPain?.score ?? -1) - (a.lastPain?.score ?? -1));
      case 'adherence':
        return rows.sort((a, b) => (a.adherence7d ?? 2) - (b.adherence7d ?? 2));
      case 'alerts':
        return rows.sort((a, b) => (b.openAlerts ?? 0) - (a.openAlerts ?? 0));
      default:
        return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    }
  });
  readonly hasMore = computed(() => this.nextCursor() !== null);

  /** Loads the first page for the current search and scope, replacing what was shown. */
  reload(): void {
    this.fetch(null);
  }

  loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && !this.loading()) this.fetch(cursor);
  }

  search(q: string): void {
    this.query.set(q.trim());
    this.reload();
  }

  setAlertsOnly(only: boolean): void {
    this.alertsOnly.set(only);
    this.reload();
  }

  setScope(scope: CaseloadScope): void {
    this.scope.set(scope);
    this.reload();
  }

  private fetch(cursor: string | null): void {
    this.request?.unsubscribe();
    this.loading.set(true);
    this.error.set(null);
    const me = this.auth.user()?.id;
    this.request = this.api
      .list({
        q: this.query() || undefined,
        therapistId: this.scope() === 'mine' && me ? me : undefined,
        alerts: this.alertsOnly() ? 'open' : undefined,
        limit: CASELOAD_PAGE_SIZE,
        cursor: cursor ?? undefined,
      })
      .subscribe({
        next: (page) => {
          this.rows.update((rows) => (cursor ? [...rows, ...page.items] : page.items));
          this.nextCursor.set(page.nextCursor);
          this.loading.set(false);
          this.loaded.set(true);
        },
        error: () => {
          this.loading.set(false);
          this.error.set('The patient list could not be loaded.');
        },
      });
  }
}
