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
  const plain = plainText(text);
  forEachTermOf(plain, (term, phrase, start, end) => {
    const surface = plain.slice(start, end);
    spans.push({ term, phrase, surface: surface.includes('=') ? surface.replace(EQUALS, '=') : surface });
  });
  return spans;
}

/**
 * Calls `found` with every term of a text, as termSpansOf lists them, without making an object per term
 * (indexing 50,000 papers reads 9 million).
 */
export function forEachTerm(text: string | undefined, found: (term: string, phrase: boolean) => void): void {
  forEachTermOf(plainText(text), found);
}

/** The text terms are read from: accents folded, LaTeX commands blanked (same length, so spans stay put). */
function plainText(text: string | undefined): string {
  if (!text) return '';
  // Most abstracts are plain ASCII: Unicode normalization is their costliest step, and needless.
  return (/[^\u0020-\u007e]/.test(text) ? foldAccents(text) : text).replace(/\\[a-zA-Z]+/g, blank);
}

function forEachTermOf(
  plain: string,
  found: (term: string, phrase: boolean, start: number, end: number) => void,
): void {
  if (plain === '') return;
  // Lowercased once; per word only where lowercasing changed a length (rare letters outside ASCII).
  const whole = plain.toLowerCase();
  const lower = whole.length === plain.length ? whole : undefined;
  const words = new RegExp(WORD.source, WORD.flags);
  let previousStem = '';
  let previousStart = 0;
  let previousEnd = -1;
  let previousAt = 0;
  let at = 0;
  for (let match = words.exec(plain); match; match = words.exec(plain)) {
    at++;
    const start = match.index;
    const end = start + match[0].length;
    let word = lower ? lower.slice(start, end) : match[0].toLowerCase();
    // An equation such as "N=2" or "{\cal N} = 4" is one term, "n=2".
    if (word.includes('=')) word = word.replace(EQUALS, '=');
    if (word.length < 2 || STOPWORDS.has(word) || (isDigit(word.charCodeAt(0)) && /^\d+$/.test(word)))
      continue;
    const stem = stemOf(word);
    found(stem, false, start, end);
    if (previousEnd >= 0 && joins(plain, previousEnd, start, at - previousAt)) {
      found(`${previousStem} ${stem}`, true, previousStart, end);
    }
    previousStem = stem;
    previousStart = start;
    previousEnd = end;
    previousAt = at;
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The index terms of a text, phrases left out: what a person would call its words. */
export function termsOf(text: string | undefined): string[] {
  return termSpansOf(text)
    .filter((span) => !span.phrase)
    .map((span) => span.term);
}

/** A word, or an equation such as N=2, $D = 4$ or {\cal N}=4 (after LaTeX commands are blanked). */
const WORD = /[a-zA-Z]\}?\$? ?= ?\$?\d+|[\p{L}\p{N}]+/gu;
/** What an equation's "=" may carry around it. */
const EQUALS = /[}$ ]*=[ $]*/g;

/**
 * Two kept words form a phrase when only spaces or hyphens, 3 at most, separate them (`words` = 1: nothing
 * dropped between), or when a hyphenated compound holds a stopword ("mixture-of-experts").
 */
function joins(text: string, from: number, to: number, words: number): boolean {
  if (words === 1) {
    if (to - from > 3) return false;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      // space, hyphen, tab, line feed, carriage return
      if (code !== 32 && code !== 45 && code !== 9 && code !== 10 && code !== 13) return false;
    }
    return true;
  }
  const between = text.slice(from, to);
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
