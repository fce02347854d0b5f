/**
 * The terms of a paper for lib/related.ts: words and two-word phrases of its title and abstract, lowercased,
 * lightly stemmed, without LaTeX commands, stopwords, abstract boilerplate or bare numbers. Each term keeps
 * where it was found, so the popup can show it as the paper writes it ("load balancing", not "load balanc").
 * Pure: no browser or Node API.
 */

/** One occurrence of a term in a text. */
export interface TermSpan {
  /** The index term: a stem, or two stems joined by a space (a phrase). */
  term: string;
  /** True for a two-word phrase. */
  phrase: boolean;
  /** The text it was read from, as written (LaTeX commands blanked, accents folded). */
  surface: string;
}

/**
 * Every term of a text, in order; phrases after the word they end on. A phrase is two consecutive kept words
 * with only spaces or hyphens between them ("load balancing", "mixture-of-experts"): a comma, a bracket, a
 * number or a stopword in between breaks it.
 */
export function termSpansOf(text: string | undefined): TermSpan[] {
  const spans: TermSpan[] = [];
  forEachTerm(text, (term, phrase, surface) => spans.push({ term, phrase, surface: surface() }));
  return spans;
}

/**
 * Calls `found` with every term of a text, as termSpansOf lists them, without making an object per term
 * (indexing 50,000 papers makes 9 million); `surface()` reads its text.
 */
export function forEachTerm(
  text: string | undefined,
  found: (term: string, phrase: boolean, surface: () => string) => void,
): void {
  if (!text) return;
  // Most abstracts are plain ASCII: Unicode normalization is their costliest step, and needless.
  const plain = (/[^\u0020-\u007e]/.test(text) ? foldAccents(text) : text).replace(/\\[a-zA-Z]+/g, blank);
  let previousStem = '';
  let previousStart = 0;
  let previousEnd = -1;
  let previousAt = 0;
  let at = 0;
  for (const match of plain.matchAll(WORD)) {
    at++;
    // An equation such as "N=2" or "{\cal N} = 4" is one term, as "n=2" (written "N=2").
    const written = match[0].includes('=') ? match[0].replace(/[^\p{L}\p{N}=]+/gu, '') : match[0];
    const word = written.toLowerCase();
    if (word.length < 2 || STOPWORDS.has(word) || /^\d+$/.test(word)) continue;
    const start = match.index;
    const end = start + match[0].length;
    const stem = stemOf(word);
    found(stem, false, () => (written === match[0] ? plain.slice(start, end) : written));
    if (previousEnd >= 0 && joins(plain.slice(previousEnd, start), at - previousAt)) {
      const phraseStart = previousStart;
      found(`${previousStem} ${stem}`, true, () => plain.slice(phraseStart, end));
    }
    previousStem = stem;
    previousStart = start;
    previousEnd = end;
    previousAt = at;
  }
}

/** The index terms of a text, phrases left out: what a person would call its words. */
export function termsOf(text: string | undefined): string[] {
  return termSpansOf(text)
    .filter((span) => !span.phrase)
    .map((span) => span.term);
}

/** A word, or an equation such as N=2, $D = 4$ or {\cal N}=4 (after LaTeX commands are blanked). */
const WORD = /[a-zA-Z]\}?\$? ?= ?\$?\d+|[\p{L}\p{N}]+/gu;

/**
 * Two kept words form a phrase when only spaces or hyphens separate them (`words` = 1: nothing dropped
 * between), or when a hyphenated compound holds a stopword ("mixture-of-experts").
 */
function joins(between: string, words: number): boolean {
  if (words === 1) return /^[\s-]+$/.test(between) && between.length <= 3;
  return /^-[a-zA-Z]+-$/.test(between) && STOPWORDS.has(between.slice(1, -1).toLowerCase());
}

function blank(command: string): string {
  return ' '.repeat(command.length);
}

function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '');
}

/**
 * Harman's S-stemmer: "models" and "model", "theories" and "theory" meet. Porter's stemmer, tried instead,
 * did no better on either evaluation set (scripts/eval-related.ts) and merges more words apart in meaning
 * ("generative", "generalization").
 */
export function stemOf(word: string): string {
  if (word.length < 4 || !word.endsWith('s')) return word;
  if (word.endsWith('ies') && !/[ae]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && !/[aeo]es$/.test(word)) return word.slice(0, -1);
  if (/[us]s$/.test(word)) return word;
  return word.slice(0, -1);
}

/** English function words, the boilerplate of abstracts and of links, which say nothing about the subject. */
const STOPWORDS = new Set(
  `a about above across after again against all almost along also although always among an and another any
  are aren around as at be became because been before being below between both but by can cannot could did
  do does doing done down due during each either else enough especially etc even ever every few for from
  further had has have having he her here hers herself him himself his how however i if in into is isn it its
  itself just least less like made mainly make makes many may me might more most mostly much must my myself
  neither no nor not now of off often on once one only onto or other others otherwise our ours ourselves out
  over own per perhaps quite rather really same several she should show shown shows since so some such than
  that the their theirs them themselves then there thereby therefore these they this those though through
  thus to together too toward towards under until up upon us use used uses using very via was we well were
  what whatever when where whereas whether which while who whom whose why will with within without would yet
  you your
  paper papers propose proposes proposed present presents presented introduce introduces introduced
  demonstrate demonstrates demonstrated study studies studied investigate investigates investigated
  approach approaches method methods novel new result results find found obtain obtained work works
  existing achieve achieves achieved achieving furthermore moreover extensive experiment experiments
  experimental significantly significant respectively effective effectively outperform outperforms
  outperforming state art based first second finally particular particularly various different given
  provide provides provided consider considered discuss discussed describe described able recent recently
  including include includes show showed showing addition additionally
  http https www com org io html github available publicly
  `
    .trim()
    .split(/\s+/),
);
