import { outcomeOf, OUTCOME_OK } from './graphql-metrics.plugin.js';

describe('outcomeOf', () => {
  it('is OK without errors', () => {
    expect(outcomeOf(undefined)).toBe(OUTCOME_OK);
    expect(outcomeOf([])).toBe(OUTCOME_OK);
  });

  it("is the first error's code, the contract's or Apollo's", () => {
    expect(
      outcomeOf([{ extensions: { code: 'FORBIDDEN' } }, { extensions: { code: 'NOT_FOUND' } }]),
    ).toBe('FORBIDDEN');
    expect(outcomeOf([{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }])).toBe(
      'GRAPHQL_PARSE_FAILED',
    );
  });

  it('is OTHER for a code nobody declared, or none, so the label stays bounded', () => {
    expect(outcomeOf([{ extensions: { code: 'MADE_UP_BY_SOMEONE' } }])).toBe('OTHER');
    expect(outcomeOf([{ extensions: { code: 42 } }])).toBe('OTHER');
    expect(outcomeOf([{}])).toBe('OTHER');
  });
});
