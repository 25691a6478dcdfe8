import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { CreateSessionLogRequest } from '@rehabit/contracts';
import { AuthStore } from '../core/auth/auth-store';
import { loadDraft } from '../shared/logging/drafts';
import { PatientLogStore } from './log-session.store';
import { sessionBody } from './log-session-page';
import { painBody } from './pain-page';

const body: CreateSessionLogRequest = {
  performedOn: '2026-11-25',
  items: [{ planItemId: 'i1', completed: true, setsDone: 2 }],
};

describe('PatientLogStore', () => {
  let store: PatientLogStore;
  let backend: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.inject(AuthStore).setSession({
      accessToken: 't',
      expiresIn: 900,
      user: {
        id: 'u1',
        role: 'patient',
        clinicId: 'c',
        displayName: 'P',
        email: 'p@x.io',
        patientId: 'p1',
      },
    });
    store = TestBed.inject(PatientLogStore);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    localStorage.clear();
  });

  it('resends a dropped session with the same Idempotency-Key, then forgets the draft', () => {
    store.logSession(body, { notes: 'x' }).subscribe({ error: () => undefined });
    const first = backend.expectOne('/api/v1/patients/me/sessions');
    const key = first.request.headers.get('Idempotency-Key');
    expect(key).toBeTruthy();
    first.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    expect(store.unsent().session).toBeTrue();
    expect(loadDraft('session', 'p1')?.unsent).toBeTrue();

    store.logSession(body, { notes: 'x' }).subscribe();
    const retry = backend.expectOne('/api/v1/patients/me/sessions');
    expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
    retry.flush({ id: 's1' }, { status: 201, statusText: 'Created' });
    expect(store.unsent().session).toBeFalse();
    expect(loadDraft('session', 'p1')).toBeNull();
  });

  it('keeps the draft but does not call a refusal "not sent"', () => {
    store
      .logPain({ recordedAt: 'x', score: 11 }, { score: 11 })
      .subscribe({ error: () => undefined });
    backend
      .expectOne('/api/v1/patients/me/pain')
      .flush(
        { status: 422, title: 'Invalid', errors: [{ field: 'score', message: 'bad' }] },
        { status: 422, statusText: 'Unprocessable' },
      );
    expect(store.unsent().pain).toBeFalse();
    expect(loadDraft<{ score: number }>('pain', 'p1')?.value.score).toBe(11);
  });
});

describe('log bodies', () => {
  it('sends amounts only for exercises ticked as done', () => {
    expect(
      sessionBody(
        {
          performedOn: '2026-11-25',
          painBefore: 3,
          painAfter: null,
          notes: '  ',
          items: [
            { planItemId: 'a', completed: true, setsDone: 2, repsDone: 10, holdSecondsDone: null },
            { planItemId: 'b', completed: false, setsDone: 3, repsDone: null, holdSecondsDone: 30 },
          ],
        },
        'rev',
      ),
    ).toEqual({
      performedOn: '2026-11-25',
      planRevisionId: 'rev',
      painBefore: 3,
      items: [
        { planItemId: 'a', completed: true, setsDone: 2, repsDone: 10 },
        { planItemId: 'b', completed: false },
      ],
    });
  });

  it('lists only the ticked red flags and keeps the first attempt time', () => {
    const value = {
      recordedAt: '2026-11-25T08:00:00+01:00',
      score: 6,
      context: '',
      redFlags: {
        bladder_bowel_change: false,
        saddle_numbness: true,
        leg_weakness: false,
        fever_weight_loss: false,
        night_pain: false,
      },
    };
    expect(painBody(value)).toEqual({
      recordedAt: '2026-11-25T08:00:00+01:00',
      score: 6,
      redFlags: ['saddle_numbness'],
    });
  });
});
