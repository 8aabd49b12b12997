/**
 * Exact fractions on bigint, for the results of a budget: no floating point ever decides who
 * wins. Always in lowest terms with a positive denominator, so equal values have equal fields.
 * Comparison is by cross-multiplication, never by division.
 */
export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  static readonly ZERO = new Rational(0n, 1n);

  /** num / den, reduced; den must not be 0. */
  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new RangeError('rational: zero denominator');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num < 0n ? -num : num, den);
    return g === 1n ? new Rational(num, den) : new Rational(num / g, den / g);
  }

  static from(value: bigint | number): Rational {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError('rational: only whole numbers convert exactly');
    }
    return new Rational(BigInt(value), 1n);
  }

  add(other: Rational): Rational {
    return this.den === other.den
      ? Rational.of(this.num + other.num, this.den)
      : Rational.of(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  sub(other: Rational): Rational {
    return this.add(other.neg());
  }

  neg(): Rational {
    return new Rational(-this.num, this.den);
  }

  mul(other: Rational): Rational {
    return Rational.of(this.num * other.num, this.den * other.den);
  }

  div(other: Rational): Rational {
    if (other.num === 0n) throw new RangeError('rational: division by zero');
    return Rational.of(this.num * other.den, this.den * other.num);
  }

  /** Negative, zero or positive as this is less than, equal to or greater than `other`. */
  compare(other: Rational): number {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  lt(other: Rational): boolean {
    return this.compare(other) < 0;
  }

  lte(other: Rational): boolean {
    return this.compare(other) <= 0;
  }

  eq(other: Rational): boolean {
    return this.num === other.num && this.den === other.den;
  }

  static min(a: Rational, b: Rational): Rational {
    return a.compare(b) <= 0 ? a : b;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  /** Rounded down (toward minus infinity). */
  floor(): bigint {
    return floorDiv(this.num, this.den);
  }

  /** Rounded up (toward plus infinity). */
  ceil(): bigint {
    return -floorDiv(-this.num, this.den);
  }

  /** Rounded to the nearest whole, halves up: for display only. */
  round(): bigint {
    return floorDiv(2n * this.num + this.den, 2n * this.den);
  }

  toString(): string {
    return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`;
  }
}

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function lcm(a: bigint, b: bigint): bigint {
  return a === 0n || b === 0n ? 0n : (a / gcd(a, b)) * b;
}

/** a / b rounded toward minus infinity (bigint division truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
