import { onTheHourInDemoCity } from './demo-city.js';

describe('onTheHourInDemoCity (Seoul, UTC+9)', () => {
  const at = (iso: string) => new Date(iso);

  it('starts on the hour, whatever minute it is asked at', () => {
    // 14:37:12.345 in Seoul on 4 March.
    expect(onTheHourInDemoCity(at('2031-03-04T05:37:12.345Z'), 10, 14).toISOString()).toBe(
      '2031-03-14T05:00:00.000Z',
    );
    expect(onTheHourInDemoCity(at('2031-03-04T05:37:12.345Z'), 0, 9).toISOString()).toBe(
      '2031-03-04T00:00:00.000Z',
    );
  });

  it('counts days on the Seoul calendar, not the UTC one', () => {
    // 23:59 UTC on 4 March is 08:59 on 5 March in Seoul; 14:59 UTC is still 4 March there.
    expect(onTheHourInDemoCity(at('2031-03-04T23:59:00.000Z'), 1, 10).toISOString()).toBe(
      '2031-03-06T01:00:00.000Z',
    );
    expect(onTheHourInDemoCity(at('2031-03-04T14:59:59.999Z'), 1, 10).toISOString()).toBe(
      '2031-03-05T01:00:00.000Z',
    );
    expect(onTheHourInDemoCity(at('2031-03-04T15:00:00.000Z'), 1, 10).toISOString()).toBe(
      '2031-03-06T01:00:00.000Z',
    );
  });

  it('goes back in time for negative days, across months and years', () => {
    expect(onTheHourInDemoCity(at('2031-03-04T15:37:00.000Z'), -60, 14).toISOString()).toBe(
      '2031-01-04T05:00:00.000Z',
    );
    expect(onTheHourInDemoCity(at('2031-01-01T03:00:00.000Z'), -1, 14).toISOString()).toBe(
      '2030-12-31T05:00:00.000Z',
    );
    expect(onTheHourInDemoCity(at('2032-02-28T03:00:00.000Z'), 1, 10).toISOString()).toBe(
      '2032-02-29T01:00:00.000Z',
    );
  });

  it('gives an early-morning hour on the right UTC day (the day before in UTC)', () => {
    expect(onTheHourInDemoCity(at('2031-03-04T05:00:00.000Z'), 0, 7).toISOString()).toBe(
      '2031-03-03T22:00:00.000Z',
    );
  });
});
