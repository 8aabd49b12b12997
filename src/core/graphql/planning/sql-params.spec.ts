import { SqlParams, sqlLiteral } from './sql-params.js';

describe('SqlParams', () => {
  it('numbers values in order and binds :names once each, leaving ::casts alone', () => {
    const params = new SqlParams();
    expect(params.add('first')).toBe('$1');
    const sql = params.bind({
      sql: "(p.hidden = false OR p.author_id = :viewer) AND coalesce(p.due, 'infinity'::timestamptz) < CAST(:cursor0 AS timestamptz) AND :viewer IS NOT NULL",
      params: { viewer: 'v', cursor0: '2026-01-01T00:00:00.000Z' },
    });
    expect(sql).toBe(
      "(p.hidden = false OR p.author_id = $2) AND coalesce(p.due, 'infinity'::timestamptz) < CAST($3 AS timestamptz) AND $2 IS NOT NULL",
    );
    expect(params.values).toEqual(['first', 'v', '2026-01-01T00:00:00.000Z']);
  });

  it('refuses an expanded list (its text would change with its length) and a name without a value', () => {
    expect(() =>
      new SqlParams().bind({ sql: 'p.status IN (:...s)', params: { s: ['A'] } }),
    ).toThrow(/ANY/);
    expect(() => new SqlParams().bind({ sql: 'p.id = :missing', params: {} })).toThrow(/missing/);
  });

  it('quotes literals', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
  });
});
