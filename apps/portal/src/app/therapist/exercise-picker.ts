import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  input,
  OnInit,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Exercise } from '@rehabit/contracts';
import {
  BODY_REGIONS,
  type BodyRegion,
  EXERCISE_CATEGORIES,
  type ExerciseCategory,
} from '@rehabit/domain';
import { debounceTime, startWith, switchMap } from 'rxjs';
import { CATEGORY_LABELS, regionLabel } from './labels';
import { LibraryApi } from './library-api';

/** Searches the exercise library (category, region, name) and offers each result to add. */
@Component({
  selector: 'rh-exercise-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <form [formGroup]="filters" class="filters" role="search" aria-label="Exercise library">
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Search exercises</mat-label>
        <input matInput type="search" formControlName="q" data-testid="exercise-search" />
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Category</mat-label>
        <select matNativeControl formControlName="category">
          <option value="">All categories</option>
          @for (category of categories; track category) {
            <option [value]="category">{{ categoryLabels[category] }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Body region</mat-label>
        <select matNativeControl formControlName="region">
          <option value="">All regions</option>
          @for (region of regions; track region) {
            <option [value]="region">{{ regionLabel(region) }}</option>
          }
        </select>
      </mat-form-field>
    </form>
    <p class="count" aria-live="polite">{{ status() }}</p>
    <ul class="results" data-testid="exercise-results">
      @for (exercise of results(); track exercise.id) {
        <li>
          <span class="name">
            {{ exercise.name }}
            <span class="meta">{{ categoryLabels[exercise.category] }}</span>
          </span>
          <button
            mat-stroked-button
            type="button"
            [disabled]="chosen().has(exercise.id)"
            [attr.aria-label]="
              (chosen().has(exercise.id) ? 'Already in plan: ' : 'Add ') + exercise.name
            "
            (click)="picked.emit(exercise)"
          >
            {{ chosen().has(exercise.id) ? 'In plan' : 'Add' }}
          </button>
        </li>
      }
    </ul>
  `,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .count {
      color: var(--mat-sys-on-surface-variant);
      min-height: 1.5em;
    }
    .results {
      list-style: none;
      padding: 0;
      margin: 0;
      max-height: 24rem;
      overflow-y: auto;
    }
    li {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      padding: 0.4rem 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .meta {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ExercisePicker implements OnInit {
  /** Exercise ids already in the plan. */
  readonly chosen = input<ReadonlySet<string>>(new Set());
  readonly picked = output<Exercise>();

  private readonly library = inject(LibraryApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly categories = EXERCISE_CATEGORIES;
  protected readonly regions = BODY_REGIONS;
  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly regionLabel = regionLabel;
  protected readonly filters = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    category: new FormControl<ExerciseCategory | ''>('', { nonNullable: true }),
    region: new FormControl<BodyRegion | ''>('', { nonNullable: true }),
  });
  protected readonly results = signal<Exercise[]>([]);
  protected readonly status = signal('Loading the library…');

  ngOnInit(): void {
    this.filters.valueChanges
      .pipe(
        startWith(this.filters.getRawValue()),
        debounceTime(250),
        switchMap(() => {
          const { q, category, region } = this.filters.getRawValue();
          return this.library.exercises({
            q: q.trim() || undefined,
            category: category || undefined,
            region: region || undefined,
            limit: 50,
          });
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (page) => {
          this.results.set(page.items);
          const n = page.items.length;
          this.status.set(n ? `${n} exercise${n === 1 ? '' : 's'} found.` : 'No exercises match.');
        },
        error: () => this.status.set('The exercise library could not be loaded.'),
      });
  }
}
