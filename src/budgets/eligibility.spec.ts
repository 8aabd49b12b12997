import { AppError } from '../core/errors/app-error.js';
import { Locale } from '../core/i18n/locale.js';
import {
  assertEligible,
  cityYear,
  IneligibleReason,
  ineligibility,
  type EligibilityRules,
  type VoterFacts,
} from './eligibility.js';

const HERE = 'district-here';
const THERE = 'district-there';

/** A budget with a minimum age of 14 and a city-wide pot, residency not required. */
const CITY_WIDE: EligibilityRules = {
  minimumAge: 14,
  requiresVerifiedResidency: false,
  districtIds: [],
  hasCityWidePot: true,
};

/** Mid-2026 in Seoul, far from any year's edge. */
const MID_2026 = new Date('2026-06-15T03:00:00Z');

const voter = (facts: Partial<VoterFacts> = {}): VoterFacts => ({
  birthYear: 1990,
  residencyDistrictId: HERE,
  ...facts,
});

describe('cityYear', () => {
  it.each([
    ['2026-12-31T14:59:59.999Z', 2026], // 23:59:59.999 on 31 December in Seoul
    ['2026-12-31T15:00:00.000Z', 2027], // 00:00 on 1 January in Seoul, still 31 December in UTC
    ['2027-01-01T00:00:00.000Z', 2027],
    ['2026-01-01T00:00:00.000Z', 2026],
  ])('%s is in %i in Seoul', (at, year) => {
    expect(cityYear(new Date(at))).toBe(year);
  });
});

describe('ineligibility: age (연 나이: this year in Seoul minus the birth year)', () => {
  it('admits a voter who turns 14 this year, even before their birthday', () => {
    // Born in 2012, in 2026 their year's age is 14 (만 나이 13 until the birthday).
    expect(ineligibility(voter({ birthYear: 2012 }), CITY_WIDE, MID_2026)).toBeNull();
  });

  it('refuses a voter who turns 14 only next year: TOO_YOUNG', () => {
    expect(ineligibility(voter({ birthYear: 2013 }), CITY_WIDE, MID_2026)).toBe(
      IneligibleReason.TOO_YOUNG,
    );
  });

  it('admits a voter born in 2013 from midnight of 1 January 2027 in Seoul, not a millisecond before', () => {
    const born2013 = voter({ birthYear: 2013 });
    expect(ineligibility(born2013, CITY_WIDE, new Date('2026-12-31T14:59:59.999Z'))).toBe(
      IneligibleReason.TOO_YOUNG,
    );
    // 15:00 UTC on 31 December is already 2027 in Seoul: the UTC year would still refuse.
    expect(ineligibility(born2013, CITY_WIDE, new Date('2026-12-31T15:00:00.000Z'))).toBeNull();
  });

  it('refuses on 1 January UTC morning what Seoul counts as the same year (no off-by-one either way)', () => {
    // 2026-01-01T00:00Z is 09:00 on 1 January 2026 in Seoul: born 2012 is 14, born 2013 is 13.
    const at = new Date('2026-01-01T00:00:00Z');
    expect(ineligibility(voter({ birthYear: 2012 }), CITY_WIDE, at)).toBeNull();
    expect(ineligibility(voter({ birthYear: 2013 }), CITY_WIDE, at)).toBe(
      IneligibleReason.TOO_YOUNG,
    );
  });

  it('refuses a voter without a birth year when there is an age rule: AGE_UNKNOWN', () => {
    expect(ineligibility(voter({ birthYear: null }), CITY_WIDE, MID_2026)).toBe(
      IneligibleReason.AGE_UNKNOWN,
    );
  });

  it('admits a voter without a birth year, and a child, when there is no age rule', () => {
    const noAge = { ...CITY_WIDE, minimumAge: null };
    expect(ineligibility(voter({ birthYear: null }), noAge, MID_2026)).toBeNull();
    expect(ineligibility(voter({ birthYear: 2026 }), noAge, MID_2026)).toBeNull();
  });

  it('treats a minimum age of 0 as an age rule that everyone born by this year meets', () => {
    const zero = { ...CITY_WIDE, minimumAge: 0 };
    expect(ineligibility(voter({ birthYear: 2026 }), zero, MID_2026)).toBeNull();
    expect(ineligibility(voter({ birthYear: null }), zero, MID_2026)).toBe(
      IneligibleReason.AGE_UNKNOWN,
    );
  });

  it('applies other minimum ages at their edge too (18: born 2008 yes, 2009 no, in 2026)', () => {
    const eighteen = { ...CITY_WIDE, minimumAge: 18 };
    expect(ineligibility(voter({ birthYear: 2008 }), eighteen, MID_2026)).toBeNull();
    expect(ineligibility(voter({ birthYear: 2009 }), eighteen, MID_2026)).toBe(
      IneligibleReason.TOO_YOUNG,
    );
  });
});

describe('ineligibility: residency and districts', () => {
  const verifiedOnly = { ...CITY_WIDE, requiresVerifiedResidency: true };

  it('refuses an unverified voter when residency is required: NOT_VERIFIED', () => {
    expect(ineligibility(voter({ residencyDistrictId: null }), verifiedOnly, MID_2026)).toBe(
      IneligibleReason.NOT_VERIFIED,
    );
  });

  it('admits an unverified voter to a budget with a city-wide pot when residency is not required', () => {
    expect(ineligibility(voter({ residencyDistrictId: null }), CITY_WIDE, MID_2026)).toBeNull();
  });

  it('admits a voter of any district to a budget with a city-wide pot, district pots or not', () => {
    const mixed = { ...verifiedOnly, districtIds: [HERE] };
    expect(ineligibility(voter({ residencyDistrictId: THERE }), mixed, MID_2026)).toBeNull();
    expect(ineligibility(voter({ residencyDistrictId: HERE }), mixed, MID_2026)).toBeNull();
  });

  describe('a budget with district pots only', () => {
    const districtsOnly = { ...CITY_WIDE, districtIds: [HERE], hasCityWidePot: false };

    it('admits a verified resident of one of its districts', () => {
      expect(
        ineligibility(voter({ residencyDistrictId: HERE }), districtsOnly, MID_2026),
      ).toBeNull();
    });

    it('refuses a verified resident of another district: OTHER_DISTRICT', () => {
      expect(ineligibility(voter({ residencyDistrictId: THERE }), districtsOnly, MID_2026)).toBe(
        IneligibleReason.OTHER_DISTRICT,
      );
    });

    it('refuses an unverified voter as NOT_VERIFIED even when residency is not required', () => {
      expect(districtsOnly.requiresVerifiedResidency).toBe(false);
      expect(ineligibility(voter({ residencyDistrictId: null }), districtsOnly, MID_2026)).toBe(
        IneligibleReason.NOT_VERIFIED,
      );
    });

    it('refuses every verified voter of a budget with no pot at all: OTHER_DISTRICT', () => {
      const noPots = { ...districtsOnly, districtIds: [] };
      expect(ineligibility(voter(), noPots, MID_2026)).toBe(IneligibleReason.OTHER_DISTRICT);
    });
  });

  it('admits everyone verified or not to a poll (no districts, a city-wide "pot", no residency rule)', () => {
    const poll = {
      minimumAge: null,
      requiresVerifiedResidency: false,
      districtIds: [],
      hasCityWidePot: true,
    };
    expect(
      ineligibility({ birthYear: null, residencyDistrictId: null }, poll, MID_2026),
    ).toBeNull();
  });
});

describe('ineligibility: which reason when several hold', () => {
  const strict = {
    minimumAge: 14,
    requiresVerifiedResidency: true,
    districtIds: [HERE],
    hasCityWidePot: false,
  };

  it.each([
    [
      'too young, unverified',
      { birthYear: 2020, residencyDistrictId: null },
      IneligibleReason.TOO_YOUNG,
    ],
    [
      'too young, other district',
      { birthYear: 2020, residencyDistrictId: THERE },
      IneligibleReason.TOO_YOUNG,
    ],
    [
      'no birth year, unverified',
      { birthYear: null, residencyDistrictId: null },
      IneligibleReason.AGE_UNKNOWN,
    ],
    [
      'no birth year, other district',
      { birthYear: null, residencyDistrictId: THERE },
      IneligibleReason.AGE_UNKNOWN,
    ],
    [
      'old enough, unverified',
      { birthYear: 1990, residencyDistrictId: null },
      IneligibleReason.NOT_VERIFIED,
    ],
    [
      'old enough, other district',
      { birthYear: 1990, residencyDistrictId: THERE },
      IneligibleReason.OTHER_DISTRICT,
    ],
    ['old enough, this district', { birthYear: 1990, residencyDistrictId: HERE }, null],
  ] as const)('%s: %s', (_label, facts, reason) => {
    expect(ineligibility(facts, strict, MID_2026)).toBe(reason);
  });
});

describe('assertEligible', () => {
  it('returns quietly for an eligible voter', () => {
    expect(() => assertEligible(voter(), CITY_WIDE, MID_2026)).not.toThrow();
  });

  it.each([
    [IneligibleReason.TOO_YOUNG, voter({ birthYear: 2013 }), CITY_WIDE],
    [IneligibleReason.AGE_UNKNOWN, voter({ birthYear: null }), CITY_WIDE],
    [
      IneligibleReason.NOT_VERIFIED,
      voter({ residencyDistrictId: null }),
      { ...CITY_WIDE, requiresVerifiedResidency: true },
    ],
    [
      IneligibleReason.OTHER_DISTRICT,
      voter({ residencyDistrictId: THERE }),
      { ...CITY_WIDE, districtIds: [HERE], hasCityWidePot: false },
    ],
  ])(
    'throws FORBIDDEN with extensions.reason %s and a message in both languages',
    (reason, facts, rules) => {
      let thrown: unknown;
      try {
        assertEligible(facts, rules, MID_2026);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      const error = thrown as AppError;
      expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason });
      expect(error.text?.key).toBe(`error.forbidden.ineligible.${reason}`);
      const korean = error.messageIn(Locale.KO);
      const english = error.messageIn(Locale.EN);
      expect(korean).not.toBe(english);
      expect(korean).not.toContain('{');
      expect(english).not.toContain('{');
      // The age rules name the minimum age; the others have no number to name.
      const namesTheAge =
        reason === IneligibleReason.TOO_YOUNG || reason === IneligibleReason.AGE_UNKNOWN;
      expect([korean.includes('14'), english.includes('14')]).toEqual([namesTheAge, namesTheAge]);
    },
  );
});
