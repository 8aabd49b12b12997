import { problemWords, textProblem } from './text.js';

/**
 * The display-name rule, on top of the text rules (text.ts): 2-50 characters, of which at
 * least 2 must be visible, and no characters that change the direction of text. A name is
 * how people recognise each other under proposals and comments, so it must show as what it
 * is: an invisible name makes an author nobody can see or tell apart, and a direction
 * override makes "관리자\u202Emoc.etis" read as another name than the one stored.
 */
export const DISPLAY_NAME_LIMITS = [2, 50] as const;

/**
 * Explicit direction formatting: embeddings and overrides (U+202A-U+202E), isolates
 * (U+2066-U+2069), the left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F,
 * U+061C). Right-to-left scripts never need them in a name: each letter carries its own
 * direction.
 */
const DIRECTION_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

/**
 * What shows nothing by itself: the default-ignorable code points (zero-width space, joiners
 * and non-joiners, word joiner, the byte-order mark, variation selectors, the Hangul fillers
 * U+115F, U+1160, U+3164 and U+FFA0, tags...), format characters, white space, and the blank
 * Braille pattern U+2800, which fonts draw as nothing.
 */
const SHOWS_NOTHING = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{White_Space}\u2800]/u;

/** A combining mark: visible only on a base character it attaches to. */
const COMBINING_MARK = /\p{M}/u;

/**
 * The characters of `name` that render: those that show something, counting combining marks
 * only when the name has a base character for them (a name of marks alone shows nothing of
 * its own). Joiners inside an emoji sequence (👩‍👩‍👧) or a Persian name (U+200C) do not count,
 * but do not stand in the way either.
 */
export function visibleCharacterCount(name: string): number {
  let visible = 0;
  let bases = 0;
  for (const ch of name) {
    if (SHOWS_NOTHING.test(ch)) continue;
    visible += 1;
    if (!COMBINING_MARK.test(ch)) bases += 1;
  }
  return bases === 0 ? 0 : visible;
}

/** Returns why `value` cannot be a display name, or null when it can. */
export function displayNameProblem(value: unknown): string | null {
  const [min, max] = DISPLAY_NAME_LIMITS;
  const text = textProblem(value, min, max);
  if (text) return text;
  const name = value as string;
  if (DIRECTION_CONTROL.test(name)) {
    return problemWords('field.directionControl');
  }
  if (visibleCharacterCount(name) < min) {
    return problemWords('field.visibleCharacters', { min });
  }
  return null;
}
