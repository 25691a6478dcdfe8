import { ChangeDetectionStrategy, Component, forwardRef, input, signal } from '@angular/core';
import { ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';
import { PAIN_SCALE } from '@rehabit/domain';

let nextId = 0;

export const PAIN_ANCHORS = { min: 'no pain', max: 'worst imaginable' } as const;

/**
 * The 0–10 pain scale as eleven large buttons. They are native radio buttons under the hood,
 * so screen readers announce a radio group and the arrow keys move between scores.
 */
@Component({
  selector: 'rh-pain-scale',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => PainScale), multi: true },
  ],
  template: `
    <fieldset [attr.aria-describedby]="describedBy()" [attr.aria-invalid]="invalid() || null">
      <legend>{{ legend() }}</legend>
      <div class="scale" role="presentation">
        @for (score of scores; track score) {
          <label class="score" [class.selected]="value() === score">
            <input
              type="radio"
              [name]="name"
              [value]="score"
              [checked]="value() === score"
              [disabled]="disabled()"
              [attr.aria-label]="ariaLabel(score)"
              [attr.data-testid]="testId() ? testId() + '-' + score : null"
              (change)="choose(score)"
              (blur)="onTouched()"
            />
            <span aria-hidden="true">{{ score }}</span>
          </label>
        }
      </div>
      <div class="anchors" aria-hidden="true">
        <span>0 = {{ anchors.min }}</span>
        <span>10 = {{ anchors.max }}</span>
      </div>
    </fieldset>
  `,
  styles: `
    fieldset {
      border: 0;
      padding: 0;
      margin: 0 0 1rem;
      min-width: 0;
    }
    legend {
      font: var(--mat-sys-title-medium);
      margin-bottom: 0.5rem;
      padding: 0;
    }
    .scale {
      display: grid;
      grid-template-columns: repeat(6, minmax(44px, 1fr));
      gap: 0.375rem;
    }
    @media (min-width: 600px) {
      .scale {
        grid-template-columns: repeat(11, minmax(44px, 1fr));
      }
    }
    .score {
      position: relative;
      display: flex;
      align-items: center;
      justify-content: center;
      min-height: 48px;
      min-width: 44px;
      border: 2px solid var(--mat-sys-outline);
      border-radius: var(--mat-sys-corner-medium);
      font-size: 1.25rem;
      font-weight: 600;
      cursor: pointer;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    .score.selected {
      background: var(--mat-sys-primary);
      border-color: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
    }
    .score:has(input:focus-visible) {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    input {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      margin: 0;
      opacity: 0;
      cursor: pointer;
    }
    .anchors {
      display: flex;
      justify-content: space-between;
      margin-top: 0.375rem;
      color: var(--mat-sys-on-surface-variant);
      font-size: 1rem;
    }
  `,
})
export class PainScale implements ControlValueAccessor {
  readonly legend = input.required<string>();
  readonly describedBy = input<string | null>(null);
  readonly invalid = input(false);
  readonly testId = input<string | null>(null);

  protected readonly scores = Array.from(
    { length: PAIN_SCALE.max - PAIN_SCALE.min + 1 },
    (_, i) => PAIN_SCALE.min + i,
  );
  protected readonly anchors = PAIN_ANCHORS;
  protected readonly name = `rh-pain-scale-${nextId++}`;
  protected readonly value = signal<number | null>(null);
  protected readonly disabled = signal(false);
  private onChange: (value: number | null) => void = () => undefined;
  protected onTouched: () => void = () => undefined;

  protected ariaLabel(score: number): string {
    if (score === PAIN_SCALE.min) return `${score}, ${PAIN_ANCHORS.min}`;
    if (score === PAIN_SCALE.max) return `${score}, ${PAIN_ANCHORS.max}`;
    return String(score);
  }

  protected choose(score: number): void {
    this.value.set(score);
    this.onChange(score);
  }

  writeValue(value: unknown): void {
    this.value.set(typeof value === 'number' ? value : null);
  }

  registerOnChange(fn: (value: number | null) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }
}
