import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TodayResponse } from '@rehabit/contracts';
import { plainDosage, TodayPage } from './today-page';

describe('TodayPage', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [TodayPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
  });

  it("lists today's exercises with dosage and instructions", async () => {
    const fixture = TestBed.createComponent(TodayPage);
    await fixture.whenStable();
    const today: TodayResponse = {
      date: '2026-11-25',
      timezone: 'Europe/Berlin',
      items: [
        {
          planId: 'p',
          planRevisionId: 'r',
          planItemId: 'i1',
          exercise: {
            id: 'bridge',
            name: 'Glute bridge',
            category: 'core_strength',
            instructions: ['Lie on your back', 'Lift your hips'],
            cautions: ['Stop if it hurts'],
          },
          dosage: { sets: 2, reps: 10, holdSeconds: 5, side: null },
          schedule: { daysOfWeek: null, timesPerWeek: 3, timesPerDay: 1 },
          notes: 'Go slowly',
          timesDue: 1,
          timesDone: 0,
        },
      ],
    };
    TestBed.inject(HttpTestingController).expectOne('/api/v1/patients/me/today').flush(today);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('h2')?.textContent?.trim()).toBe('Glute bridge');
    expect(root.querySelector('[data-testid="dosage"]')?.textContent?.trim()).toBe(
      '2 sets of 10, hold 5 seconds',
    );
    expect(root.querySelectorAll('.steps li').length).toBe(2);
    expect(root.textContent).toContain('Go slowly');
  });

  it('words dosage for patients', () => {
    expect(plainDosage({ sets: 1, reps: null, holdSeconds: 30, side: 'both' })).toBe(
      '1 set, hold 30 seconds, each side',
    );
  });
});
