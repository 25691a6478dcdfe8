import fc from 'fast-check';
import { odiBand, scoreOdi, validateOdiAnswers } from './odi';

describe('ODI', () => {
  it('scores all ten answered with sum 16 as 32.0 % (REFERENCE.md)', () => {
    expect(scoreOdi([2, 2, 2, 2, 2, 2, 1, 1, 1, 1])).toEqual({
      ok: true,
      score: 32,
      band: 'moderate',
      answered: 10,
      skipped: 0,
    });
  });

  it('scores one skipped section with sum 16 as 35.6 % (REFERENCE.md)', () => {
    expect(scoreOdi([2, 2, 2, 2, 2, 2, 2, null, 1, 1])).toEqual({
      ok: true,
      score: 35.6,
      band: 'moderate',
      answered: 9,
      skipped: 1,
    });
  });

  it('refuses, rather than throws, when more sections are skipped than allowed', () => {
    const answers = [1, null, 1, 1, null, 1, 1, 1, 1, 1];
    expect(scoreOdi(answers)).toEqual({
      ok: false,
      reason: 'too_many_skipped',
      message: '2 sections were skipped; at most 1 may be skipped for a valid score',
      errors: [
        {
          field: 'answers',
          message: '2 sections were skipped; at most 1 may be skipped for a valid score',
        },
      ],
    });
    expect(scoreOdi(answers, { maxSkipped: 2 })).toEqual({
      ok: true,
      score: 20,
      band: 'minimal',
      answered: 8,
      skipped: 2,
    });
    expect(scoreOdi(Array(10).fill(null), { maxSkipped: 10 }).ok).toBeFalse();
  });

  it('refuses malformed answers with field-keyed errors', () => {
    const result = scoreOdi([0, 1, 2, 3, 4, 5, 6, 1.5, '2', 0]);
    expect(result.ok).toBeFalse();
    expect(!result.ok && result.reason).toBe('invalid_answers');
    expect(!result.ok && result.errors.map((error) => error.field)).toEqual([
      'answers[6]',
      'answers[7]',
      'answers[8]',
    ]);
    expect(validateOdiAnswers([1, 2, 3])).toEqual({
      ok: false,
      errors: [
        {
          field: 'answers',
          message: 'Answers must be a list of 10 sections, each 0 to 5 or empty when skipped',
        },
      ],
    });
    expect(validateOdiAnswers('all fives').ok).toBeFalse();
  });

  it('bands scores with each upper bound included, so one-decimal scores fall in no gap', () => {
    expect([0, 20, 20.5, 21, 40, 40.1, 60, 60.5, 80, 80.1, 100].map(odiBand)).toEqual([
      'minimal',
      'minimal',
      'moderate',
      'moderate',
      'moderate',
      'severe',
      'severe',
      'crippled',
      'crippled',
      'bed_bound',
      'bed_bound',
    ]);
  });

  it('never falls when one answer rises (property)', () => {
    const answer = fc.option(fc.integer({ min: 0, max: 5 }), { nil: null, freq: 10 });
    fc.assert(
      fc.property(
        fc.array(answer, { minLength: 10, maxLength: 10 }),
        fc.nat(9),
        (answers, index) => {
          const current = answers[index];
          if (current === null || current === 5) return true;
          const raised = answers.map((value, i) => (i === index ? value! + 1 : value));
          const before = scoreOdi(answers, { maxSkipped: 9 });
          const after = scoreOdi(raised, { maxSkipped: 9 });
          return (
            before.ok &&
            after.ok &&
            after.score >= before.score &&
            after.score >= 0 &&
            after.score <= 100
          );
        },
      ),
    );
  });
});
