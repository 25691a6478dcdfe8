import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import {
  DEFAULT_THRESHOLDS,
  ODI_SECTIONS,
  scoreOdi,
  type OdiAnswers,
  type OdiBand,
  type OdiSection,
} from '@rehabit/domain';

/**
 * Section titles and a plain 0–5 answer scale. The published ODI 2.1a wording is licensed
 * (Mapi Research Trust); a clinic holding the licence replaces these strings, the scoring
 * (`scoreOdi`) is the same.
 */
export const ODI_SECTION_LABELS: Readonly<Record<OdiSection, string>> = {
  pain_intensity: 'Pain intensity',
  personal_care: 'Personal care (washing, dressing)',
  lifting: 'Lifting',
  walking: 'Walking',
  sitting: 'Sitting',
  standing: 'Standing',
  sleeping: 'Sleeping',
  sex_life: 'Sex life (skip if it does not apply)',
  social_life: 'Social life',
  travelling: 'Travelling',
};

export const ODI_ANSWER_LABELS = [
  'No problem at all',
  'A slight problem',
  'A moderate problem',
  'A considerable problem',
  'A severe problem',
  'I cannot do it at all / the worst possible',
] as const;

export const ODI_BAND_LABELS: Readonly<Record<OdiBand, string>> = {
  minimal: 'minimal disability',
  moderate: 'moderate disability',
  severe: 'severe disability',
  crippled: 'very severe disability',
  bed_bound: 'bed-bound or exaggerating symptoms',
};

/** The ten ODI sections, each skippable; emits the answers once the domain rules accept them. */
@Component({
  selector: 'rh-odi-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule],
  template: `
    <form
      [formGroup]="form"
      (ngSubmit)="submit()"
      novalidate
      aria-label="Back pain questionnaire (ODI)"
    >
      @for (section of sections; track section; let i = $index) {
        <fieldset class="section" data-testid="odi-section">
          <legend>{{ i + 1 }}. {{ sectionLabels[section] }}</legend>
          <p class="question">How much does your back or leg pain affect this today?</p>
          @for (label of answerLabels; track $index; let score = $index) {
            <label class="option">
              <input
                type="radio"
                [name]="'odi-' + section"
                [value]="score"
                [formControl]="answers.at(i)"
              />
              <span>{{ label }}</span>
            </label>
          }
          <label class="option skip">
            <input
              type="radio"
              [name]="'odi-' + section"
              [value]="null"
              [formControl]="answers.at(i)"
            />
            <span>Skip this section</span>
          </label>
        </fieldset>
      }
      @if (error() || serverError()) {
        <p class="field-error" role="alert" data-testid="odi-error">
          {{ serverError() || error() }}
        </p>
      }
      <p class="meta">{{ answeredText() }}</p>
      <button
        mat-flat-button
        type="submit"
        class="big"
        [disabled]="busy()"
        data-testid="submit-odi"
      >
        {{ busy() ? 'Sending…' : 'Send answers' }}
      </button>
    </form>
  `,
  styles: `
    .section {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-large);
      padding: 0.75rem 1rem;
      margin: 0 0 1rem;
      min-width: 0;
    }
    legend {
      font: var(--mat-sys-title-medium);
      padding: 0 0.25rem;
    }
    .question {
      margin: 0 0 0.25rem;
    }
    .option {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      min-height: 44px;
      cursor: pointer;
    }
    .option input {
      width: 24px;
      height: 24px;
      margin: 0;
      flex: none;
      accent-color: var(--mat-sys-primary);
    }
    .skip {
      color: var(--mat-sys-on-surface-variant);
    }
    .field-error {
      color: var(--mat-sys-error);
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
    }
    .big {
      min-height: 48px;
      font-size: 1.125rem;
    }
  `,
})
export class OdiForm {
  readonly busy = input(false);
  readonly maxSkipped = input<number>(DEFAULT_THRESHOLDS.odi.maxSkipped);
  /** The API's refusal (too many skipped), shown where the patient is looking. */
  readonly serverError = input('');
  readonly answered = output<OdiAnswers>();

  protected readonly sections = ODI_SECTIONS;
  protected readonly sectionLabels = ODI_SECTION_LABELS;
  protected readonly answerLabels = ODI_ANSWER_LABELS;
  protected readonly answers = new FormArray(
    ODI_SECTIONS.map(() => new FormControl<number | null>(null)),
  );
  protected readonly form = new FormGroup({ answers: this.answers });
  private readonly version = signal(0);
  protected readonly error = signal('');
  protected readonly answeredText = computed(() => {
    this.version();
    const given = this.answers.getRawValue().filter((a) => a !== null).length;
    return `${given} of ${ODI_SECTIONS.length} sections answered.`;
  });

  constructor() {
    this.answers.valueChanges.subscribe(() => this.version.update((v) => v + 1));
  }

  protected submit(): void {
    const answers = this.answers.getRawValue().map((a) => (a === null ? null : Number(a)));
    const result = scoreOdi(answers, { maxSkipped: this.maxSkipped() });
    if (!result.ok) {
      this.error.set(result.message);
      return;
    }
    this.error.set('');
    this.answered.emit(answers);
  }

  reset(): void {
    this.answers.reset();
  }
}
