/**
 * What may be shown to other people as a name or a chat line. Text arrives
 * from anyone and is rendered in everyone's page: it must not be invisible,
 * pose as something else, reorder what surrounds it, or bury the layout.
 */

/**
 * Never shown: controls, format characters (LRM/RLM/ALM, zero-width spaces
 * and joiners, bidirectional overrides and isolates, tag characters), line
 * and paragraph separators, lone surrogates, and every other code point that
 * renders as nothing (Hangul fillers, variation selectors: Unicode's
 * Default_Ignorable_Code_Point), and the blank Braille pattern.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** More stacked marks than any script needs turn one letter into a smear over the lines around it ("Zalgo"). */
export const MAX_MARKS_PER_CHARACTER = 3;
const STACKED_MARKS = new RegExp(`(\\p{M}{${MAX_MARKS_PER_CHARACTER}})\\p{M}+`, 'gu');

const VISIBLE = /[\p{L}\p{N}]/u;

const capMarks = (text: string): string => text.replace(STACKED_MARKS, '$1');

/** Line breaks of any kind, which a name shows as a space. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/gu;

/** A name: NFKC (so look-alike compatibility forms collapse), hidden characters removed, spaces collapsed. */
export const cleanName = (text: string): string =>
  capMarks(text.normalize('NFKC').replace(BREAKS, ' ').replace(HIDDEN, ''))
    .replace(/\s+/gu, ' ')
    .trim();

/** Whether a cleaned name has something to read: a letter or a digit. */
export const isReadable = (text: string): boolean => VISIBLE.test(text.replace(/\p{M}/gu, ''));

/** A chat line: hidden characters removed, marks capped, trimmed. A line that was only hidden characters is empty. */
export const cleanChat = (text: string): string => capMarks(text.replace(HIDDEN, '')).trim();

export const codePoints = (text: string): number => [...text].length;
