/**
 * Author names between Papershelf's "Given Family" strings and CSL-JSON name objects, and the ASCII folding used
 * for citation keys. A leaf: no citation-js, no other module of the project.
 */

/** A CSL-JSON name: a person's parts, or one `literal` for a collaboration, a company or a single name. */
export interface CslName {
  given?: string;
  family?: string;
  'non-dropping-particle'?: string;
  suffix?: string;
  literal?: string;
}

// Words that make a name an organisation's ("ATLAS Collaboration", "Kimi Team", "Google Research").
const CORPORATE =
  /\b(?:collaboration|consortium|team|group|project|initiative|committee|council|association|society|organi[sz]ation|institute|university|laborator(?:y|ies)|labs?|inc|ltd|llc|gmbh|corporation|corp|company|foundation|centre|center|agency|department|network|alliance|community|contributors)\b|\b(?:AI|Research|DeepMind)$/i;
const SUFFIX = /^(?:jr\.?|sr\.?|ii|iii|iv|v)$/i;
// Capitalised particles that belong to the family name when a lowercase one follows ("Fernando De la Torre").
const CAPITAL_PARTICLES = new Set(['De', 'Del', 'Della', 'Van', 'Von', 'Da', 'Di', 'Du', 'Le', 'La', 'Des']);

const startsLowercase = (word: string): boolean => {
  const first = word[0] ?? '';
  return first !== first.toUpperCase() && first === first.toLowerCase();
};

/**
 * "Ashish Vaswani" -> {given: Ashish, family: Vaswani}. The last word is the family name, with the lowercase
 * words before it as its particle ("Johannes van der Waals", "Fernando De la Torre"); "Jr."/"III" at the end is
 * a suffix; "Family, Given" is read as written. A single word or an organisation ("ATLAS Collaboration") is a
 * literal. Undefined for a blank name.
 */
export function splitName(name: string): CslName | undefined {
  const text = name.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  if (CORPORATE.test(text)) return { literal: text };
  const comma = text.split(/\s*,\s*/);
  if (comma.length === 2 && comma[0] && comma[1] && !SUFFIX.test(comma[1])) {
    return splitName(`${comma[1]} ${comma[0]}`);
  }
  const words = text.replace(/,/g, ' ').split(' ').filter(Boolean);
  let suffix: string | undefined;
  if (words.length >= 3 && SUFFIX.test(words.at(-1) ?? '')) suffix = words.pop();
  if (words.length < 2) return { literal: text };
  const last = words.length - 1;
  let start = words.findIndex((word, i) => i >= 1 && i < last && startsLowercase(word));
  if (start === -1) start = last;
  else if (start >= 2 && CAPITAL_PARTICLES.has(words[start - 1] ?? '')) start -= 1;
  let end = start;
  while (end < last && (startsLowercase(words[end] ?? '') || end === start)) end += 1;
  const out: CslName = { given: words.slice(0, start).join(' '), family: words.slice(end).join(' ') };
  if (end > start) out['non-dropping-particle'] = words.slice(start, end).join(' ');
  if (suffix) out.suffix = suffix;
  return out;
}

/** A CSL name as Papershelf writes one: "Given particle Family Suffix", or the literal. */
export function joinName(name: CslName): string {
  if (name.literal) return name.literal.replace(/\s+/g, ' ').trim();
  return [name.given, name['non-dropping-particle'], name.family, name.suffix]
    .filter((part): part is string => Boolean(part?.trim()))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Letters NFKD does not take apart.
const FOLD: Record<string, string> = {
  ø: 'o',
  Ø: 'O',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
};

/** "Müller" -> "muller", "Østergaard" -> "ostergaard": lowercase ASCII letters and digits only. */
export function asciiFold(text: string): string {
  return text
    .replace(/[øØßæÆœŒłŁđĐðÐþÞı]/g, (char) => FOLD[char] ?? char)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
