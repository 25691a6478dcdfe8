import { FormatDatePipe } from '../shared/format-date';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  OnInit,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged } from 'rxjs';
import { AuthStore } from '../core/auth/auth-store';
import { CaseloadScope, CaseloadSort, CaseloadStore } from './caseload.store';

const SORT_LABELS: Readonly<Record<CaseloadSort, string>> = {
  name: 'sorted by name',
  newest: 'newest first',
  oldest: 'oldest first',
  pain: 'highest last pain first',
  adherence: 'lowest 7-day adherence first',
  alerts: 'most open alerts first',
};

@Component({
  selector: 'rh-caseload-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormatDatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    RouterLink,
  ],
  template: `
    <div class="title-row">
      <h1>Patients</h1>
      <a mat-flat-button routerLink="/therapist/patients/new">Add patient</a>
    </div>
    <div class="filters" role="search" aria-label="Find patients">
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Search by name or email</mat-label>
        <input matInput type="search" [formControl]="search" data-testid="patient-search" />
      </mat-form-field>
      @if (isTherapist()) {
        <mat-button-toggle-group
          aria-label="Whose patients"
          [value]="store.scope()"
          (change)="setScope($event.value)"
        >
          <mat-button-toggle value="mine">My patients</mat-button-toggle>
          <mat-button-toggle value="all">All in clinic</mat-button-toggle>
        </mat-button-toggle-group>
      }
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="sort">
        <mat-label>Sort by</mat-label>
        <select
          matNativeControl
          [value]="store.sort()"
          (change)="setSort($any($event.target).value)"
        >
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="name">Name</option>
          <option value="pain">Highest last pain</option>
          <option value="adherence">Lowest 7-day adherence</option>
          <option value="alerts">Most open alerts</option>
        </select>
      </mat-form-field>
      <label class="only-alerts">
        <input
          type="checkbox"
          [checked]="store.alertsOnly()"
          (change)="store.setAlertsOnly($any($event.target).checked)"
          data-testid="alerts-only"
        />
        Only patients with open alerts
      </label>
    </div>

    @if (store.error()) {
      <p class="alert" role="alert">
        {{ store.error() }}
        <button mat-button type="button" (click)="store.reload()">Try again</button>
      </p>
    }
    <p class="count" aria-live="polite">
      @if (store.loaded()) {
        {{ countText() }}
      } @else if (store.loading()) {
        Loading patients…
      }
    </p>
    @if (store.patients().length) {
      <div class="table-wrap">
        <table class="rh-table" data-testid="caseload">
          <caption class="visually-hidden">
            Patients,
            {{
              sortLabel()
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Condition</th>
              <th scope="col">Last pain</th>
              <th scope="col">Adherence (7 days)</th>
              <th scope="col">Open alerts</th>
              <th scope="col">Status</th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            @for (patient of store.patients(); track patient.id) {
              <tr>
                <th scope="row">
                  <a [routerLink]="['/therapist/patients', patient.id]">{{
                    patient.displayName
                  }}</a>
                </th>
                <td>{{ patient.email }}</td>
                <td>{{ patient.condition ?? '—' }}</td>
                <td data-testid="last-pain">
                  @if (patient.lastPain; as pain) {
                    {{ pain.score }}/10
                    <span class="meta">({{ pain.recordedAt | rhDate }})</span>
                  } @else {
                    —
                  }
                </td>
                <td data-testid="adherence">{{ percent(patient.adherence7d) }}</td>
                <td data-testid="open-alerts">
                  @if (patient.openAlerts) {
                    <span class="alerts-badge">{{ patient.openAlerts }}</span>
                    @if (patient.openAlertKinds.includes('red_flag')) {
                      <span class="meta">red flag</span>
                    }
                  } @else {
                    0
                  }
                </td>
                <td>
                  {{ !patient.active ? 'Inactive' : patient.activated ? 'Active' : 'Invited' }}
                </td>
                <td>{{ patient.createdAt | rhDate }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
    @if (store.hasMore()) {
      <button
        mat-stroked-button
        type="button"
        (click)="store.loadMore()"
        [disabled]="store.loading()"
      >
        Load more patients
      </button>
    }
  `,
  styleUrl: '../shared/page.scss',
  styles: `
    .only-alerts {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      min-height: 44px;
    }
    .only-alerts input {
      width: 22px;
      height: 22px;
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
    }
    .alerts-badge {
      display: inline-block;
      min-width: 1.5rem;
      padding: 0 0.4rem;
      border-radius: 1rem;
      text-align: center;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
    }
  `,
})
export class CaseloadPage implements OnInit {
  protected readonly store = inject(CaseloadStore);
  private readonly auth = inject(AuthStore);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly isTherapist = computed(() => this.auth.role() === 'therapist');
  protected readonly search = new FormControl(this.store.query(), { nonNullable: true });
  protected readonly countText = computed(() => {
    const n = this.store.patients().length;
    const more = this.store.hasMore() ? ' so far' : '';
    if (n === 0)
      return this.store.query()
        ? 'No patients match this search.'
        : 'No patients yet. Add your first patient.';
    return `${n} patient${n === 1 ? '' : 's'} shown${more}.`;
  });
  protected readonly sortLabel = computed(() => SORT_LABELS[this.store.sort()]);

  ngOnInit(): void {
    // Admins have no caseload of their own: they see the whole clinic.
    if (!this.isTherapist()) this.store.scope.set('all');
    this.store.reload();
    this.search.valueChanges
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef))
      .subscribe((q) => this.store.search(q));
  }

  protected setScope(scope: CaseloadScope): void {
    this.store.setScope(scope);
  }

  protected percent(rate: number | null | undefined): string {
    return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)} %`;
  }

  protected setSort(sort: CaseloadSort): void {
    this.store.sort.set(sort);
  }
}
