import { KeyCap, OVERFLOW_KEY } from './key-cap.js';

describe('KeyCap', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('counts each client on its own up to the cap; the next new one is counted with the overflow', () => {
    const cap = new KeyCap(3, 60_000, clock);
    expect(['a', 'b', 'c'].map((k) => cap.keyFor(k))).toEqual(['a', 'b', 'c']);
    expect(cap.keyFor('d')).toBe(OVERFLOW_KEY);
    expect(cap.keyFor('e')).toBe(OVERFLOW_KEY);
    // Those already counted keep their own counter.
    expect(cap.keyFor('a')).toBe('a');
    expect(cap.size).toBe(3);
  });

  it('forgets a client a whole window after it was last seen, and makes room', () => {
    const cap = new KeyCap(2, 60_000, clock);
    cap.keyFor('a');
    now += 30_000;
    cap.keyFor('b');
    now += 29_999;
    cap.keyFor('a'); // seen again: its window starts over
    now += 2;
    expect(cap.keyFor('c')).toBe(OVERFLOW_KEY); // neither a (seen 2 ms ago) nor b (59,999 ms) expired
    now += 30_000;
    expect(cap.keyFor('c')).toBe('c'); // b expired
    expect(cap.keyFor('a')).toBe('a');
    expect(cap.size).toBe(2);
  });

  it('stays at its cap however many distinct clients arrive', () => {
    const cap = new KeyCap(1000, 60_000, clock);
    for (let i = 0; i < 100_000; i++) {
      cap.keyFor(`ip:2001:db8:${i.toString(16)}::/64`);
      now += 1;
    }
    expect(cap.size).toBeLessThanOrEqual(1000);
  });
});
