import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RED_FLAG_PATIENT_MESSAGE } from '@rehabit/domain';
import { PainPage } from './pain-page';

describe('PainPage', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [PainPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
  });
  afterEach(() => localStorage.clear());

  it('shows the urgent-care message as soon as a red flag is ticked, and the API advice after', async () => {
    const fixture = TestBed.createComponent(PainPage);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[data-testid="red-flag-warning"]')).toBeNull();

    root.querySelector<HTMLInputElement>('[data-testid="flag-saddle_numbness"]')!.click();
    await fixture.whenStable();
    const warning = root.querySelector('[data-testid="red-flag-warning"]');
    expect(warning?.getAttribute('role')).toBe('alert');
    expect(warning?.textContent).toContain(RED_FLAG_PATIENT_MESSAGE);

    root.querySelector<HTMLInputElement>('[data-testid="pain-score-6"]')!.click();
    root.querySelector<HTMLButtonElement>('[data-testid="save-pain"]')!.click();
    const request = TestBed.inject(HttpTestingController).expectOne('/api/v1/patients/me/pain');
    expect(request.request.body.redFlags).toEqual(['saddle_numbness']);
    expect(request.request.headers.has('Idempotency-Key')).toBeTrue();
    request.flush({
      id: 'e',
      score: 6,
      advice: { urgent: true, message: 'Go to urgent care now' },
    });
    await fixture.whenStable();
    const advice = root.querySelector('[data-testid="urgent-advice"]');
    expect(advice?.getAttribute('role')).toBe('alert');
    expect(advice?.textContent).toContain('Go to urgent care now');
  });

  it('refuses to send without a score, with the rule beside the scale', async () => {
    const fixture = TestBed.createComponent(PainPage);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    root.querySelector<HTMLButtonElement>('[data-testid="save-pain"]')!.click();
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).expectNone('/api/v1/patients/me/pain');
    expect(root.querySelector('#score-error')?.textContent).toContain('Pain is required');
  });
});
