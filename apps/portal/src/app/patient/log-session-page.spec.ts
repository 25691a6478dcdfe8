import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TodayResponse } from '@rehabit/contracts';
import { LogSessionPage } from './log-session-page';
import { TodayStore } from './today.store';

const today: TodayResponse = {
  date: '2026-11-25',
  timezone: 'UTC',
  items: [
    {
      planId: 'p',
      planRevisionId: 'r',
      planItemId: 'i1',
      exercise: {
        id: 'e',
        name: 'Bridge',
        category: 'core_strength',
        instructions: [],
        cautions: [],
      },
      dosage: { sets: 2, reps: 10, holdSeconds: null, side: null },
      schedule: { daysOfWeek: null, timesPerWeek: 3, timesPerDay: 1 },
      notes: null,
      timesDue: 1,
      timesDone: 0,
    },
  ],
};

describe('LogSessionPage', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [LogSessionPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
  });
  afterEach(() => localStorage.clear());

  it('logs ticked exercises with their amounts and keeps the form after a refusal', async () => {
    // Today is already known from the today page, then reloaded with the same exercises.
    TestBed.inject(TodayStore).today.set({ ...today });
    const fixture = TestBed.createComponent(LogSessionPage);
    await fixture.whenStable();
    const backend = TestBed.inject(HttpTestingController);
    backend.expectOne('/api/v1/patients/me/today').flush(today);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('input[formcontrolname="setsDone"]')).toBeNull();
    root.querySelector<HTMLInputElement>('[data-testid="log-item"] input[type=checkbox]')!.click();
    await fixture.whenStable();
    const sets = root.querySelector<HTMLInputElement>('input[formcontrolname="setsDone"]')!;
    expect(sets.value).toBe('2');
    sets.value = '5';
    sets.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('[data-testid="save-session"]')!.click();
    await fixture.whenStable();
    // Over twice the prescription: refused here, with the API's words.
    backend.expectNone('/api/v1/patients/me/sessions');
    expect(root.textContent).toContain('Sets done must be a whole number from 0 to 4');

    sets.value = '3';
    sets.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('[data-testid="save-session"]')!.click();
    const post = backend.expectOne('/api/v1/patients/me/sessions');
    expect(post.request.body.items).toEqual([
      { planItemId: 'i1', completed: true, setsDone: 3, repsDone: 10 },
    ]);
    expect(post.request.headers.get('Idempotency-Key')).toBeTruthy();
  });

  it('keeps the controls, ticks and focus when the reload of today brings the same exercises', async () => {
    TestBed.inject(TodayStore).today.set({ ...today });
    const fixture = TestBed.createComponent(LogSessionPage);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const box = root.querySelector<HTMLInputElement>(
      '[data-testid="log-item"] input[type=checkbox]',
    )!;
    box.focus();
    box.click();
    await fixture.whenStable();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/v1/patients/me/today')
      .flush({ ...today, items: [{ ...today.items[0], timesDone: 1 }] });
    await fixture.whenStable();
    const after = root.querySelector<HTMLInputElement>(
      '[data-testid="log-item"] input[type=checkbox]',
    )!;
    expect(after).toBe(box);
    expect(after.checked).toBeTrue();
    expect(document.activeElement).toBe(box);
  });
});
