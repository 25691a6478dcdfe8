import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  input,
  untracked,
} from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { RouterLink } from '@angular/router';
import type { Exercise, FieldError } from '@rehabit/contracts';
import { DOSAGE_LIMITS, PLAN_LIMITS, SCHEDULE_LIMITS, SIDES } from '@rehabit/domain';
import { fieldMessage } from '../shared/forms/server-errors';
import { ExercisePicker } from './exercise-picker';
import { SIDE_LABELS, WEEKDAYS } from './labels';
import { PlanBuilderStore } from './plan-builder.store';

/**
 * Builds a new plan (`/therapist/patients/:id/plans/new`) or a revision of one
 * (`/therapist/plans/:planId/revise`): template, library search, per-item dosage and schedule.
 */
@Component({
  selector: 'rh-plan-builder-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [PlanBuilderStore],
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatChipsModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    RouterLink,
    ExercisePicker,
  ],
  templateUrl: './plan-builder-page.html',
  styleUrls: ['../shared/page.scss', './plan-builder-page.scss'],
})
export class PlanBuilderPage {
  /** The patient's id, on `patients/:id/plans/new`. */
  readonly id = input<string>();
  /** The plan's id, on `plans/:planId/revise`. */
  readonly planId = input<string>();

  protected readonly store = inject(PlanBuilderStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  protected readonly msg = fieldMessage;
  protected readonly dosage = DOSAGE_LIMITS;
  protected readonly schedule = SCHEDULE_LIMITS;
  protected readonly limits = PLAN_LIMITS;
  protected readonly sides = SIDES;
  protected readonly sideLabels = SIDE_LABELS;
  protected readonly weekdays = WEEKDAYS;

  protected readonly heading = computed(() =>
    this.store.mode() === 'create'
      ? 'New plan'
      : `Revise plan${this.store.plan() ? `: ${this.store.plan()?.title}` : ''}`,
  );
  protected readonly planWarnings = computed(() =>
    this.store.warnings().filter((w) => !/^items\[\d+\]/.test(w.field)),
  );

  constructor() {
    effect(() => {
      const planId = this.planId();
      const patientId = this.id();
      untracked(() => {
        if (planId) this.store.startRevision(planId);
        else if (patientId) this.store.startNew(patientId);
      });
    });
  }

  protected chooseTemplate(templateId: string): void {
    this.store.applyTemplate(templateId || null);
  }

  protected add(exercise: Exercise): void {
    this.store.addExercise(exercise);
  }

  protected move(index: number, delta: -1 | 1): void {
    this.store.moveItem(index, delta);
    // Keep focus on the same button of the moved item, so repeated presses keep moving it.
    const label = delta < 0 ? 'up' : 'down';
    setTimeout(() => {
      const buttons = this.host.querySelectorAll<HTMLButtonElement>(
        `.item:nth-child(${index + delta + 1}) button[aria-label$=" ${label}"]`,
      );
      const button = buttons[0];
      (button && !button.disabled
        ? button
        : this.host.querySelector<HTMLElement>(`#item-${index + delta}`)
      )?.focus();
    });
  }

  protected remove(index: number): void {
    this.store.removeItem(index);
    setTimeout(() => this.host.querySelector<HTMLElement>('#items-heading')?.focus());
  }

  protected warningText(warning: FieldError): string {
    const match = /^items\[(\d+)\]/.exec(warning.field);
    if (!match) return warning.message;
    const name = this.store.form.controls.items.at(Number(match[1]))?.controls.exerciseName.value;
    return name ? `${name}: ${warning.message}` : warning.message;
  }

  protected submit(): void {
    this.store.submit().subscribe((ok) => {
      setTimeout(() => {
        if (ok) this.host.querySelector<HTMLElement>('#done-heading')?.focus();
        else
          (
            this.host.querySelector<HTMLElement>(
              'input.ng-invalid, select.ng-invalid, textarea.ng-invalid',
            ) ?? this.host.querySelector<HTMLElement>('[data-testid="form-error"]')
          )?.focus();
      });
    });
  }
}
