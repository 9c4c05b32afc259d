/*
 * The Japanese search's word splitter: Sphinx's own sphinx.search.ja.DefaultSplitter (a port
 * of Taku Kudo's TinySegmenter), step for step in JavaScript, and the bigrams the index holds
 * beside its words, so that the page splits a query into words the index holds (Sphinx itself
 * ships no splitter for Japanese queries: sphinx-doc/sphinx#13395). See book/_ext/ja_search.py.
 *
 * ja_search.py puts this file into the Japanese book's language_data.js with BOOK_JA_MODEL
 * defined before it: the splitter's character classes and score tables and the pattern of a
 * run of Japanese script, written at build time from the Python code, so the two cannot
 * disagree. Nothing is fetched.
 */
const bookJaSplitter = (() => {
  const model = BOOK_JA_MODEL;
  const classes = model.patterns.map(([source, type]) => [new RegExp("^" + source, "u"), type]);
  const ctype = (char) => {
    for (const [pattern, type] of classes) {
      if (pattern.test(char)) return type;
    }
    return "O";
  };
  const score = (table, key) => model.tables[table][key] || 0;
  // Python's str.strip(): the characters str.isspace() accepts, at both ends.
  const space = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  const edges = new RegExp(`^${space}+|${space}+$`, "gu");
  const strip = (text) => text.replace(edges, "");

  // DefaultSplitter.split, line for line (its one oddity kept: UQ1 scores p3 + c3).
  return (input) => {
    if (!input) return [];
    const chars = Array.from(input);  // code points, as Python iterates a str
    const seg = ["B3", "B2", "B1", ...chars, "E1", "E2", "E3"];
    const type = ["O", "O", "O", ...chars.map(ctype), "O", "O", "O"];
    const result = [];
    let word = seg[3];
    let p1 = "U", p2 = "U", p3 = "U";
    for (let i = 4; i < seg.length - 3; i++) {
      const [w1, w2, w3, w4, w5, w6] = seg.slice(i - 3, i + 3);
      const [c1, c2, c3, c4, c5, c6] = type.slice(i - 3, i + 3);
      let s = model.bias;
      s += score("UP1", p1) + score("UP2", p2) + score("UP3", p3);
      s += score("BP1", p1 + p2) + score("BP2", p2 + p3);
      s += score("UW1", w1) + score("UW2", w2) + score("UW3", w3);
      s += score("UW4", w4) + score("UW5", w5) + score("UW6", w6);
      s += score("BW1", w2 + w3) + score("BW2", w3 + w4) + score("BW3", w4 + w5);
      s += score("TW1", w1 + w2 + w3) + score("TW2", w2 + w3 + w4);
      s += score("TW3", w3 + w4 + w5) + score("TW4", w4 + w5 + w6);
      s += score("UC1", c1) + score("UC2", c2) + score("UC3", c3);
      s += score("UC4", c4) + score("UC5", c5) + score("UC6", c6);
      s += score("BC1", c2 + c3) + score("BC2", c3 + c4) + score("BC3", c4 + c5);
      s += score("TC1", c1 + c2 + c3) + score("TC2", c2 + c3 + c4);
      s += score("TC3", c3 + c4 + c5) + score("TC4", c4 + c5 + c6);
      s += score("UQ1", p1 + c1) + score("UQ2", p2 + c2) + score("UQ1", p3 + c3);
      s += score("BQ1", p2 + c2 + c3) + score("BQ2", p2 + c3 + c4);
      s += score("BQ3", p3 + c2 + c3) + score("BQ4", p3 + c3 + c4);
      s += score("TQ1", p2 + c1 + c2 + c3) + score("TQ2", p2 + c2 + c3 + c4);
      s += score("TQ3", p3 + c1 + c2 + c3) + score("TQ4", p3 + c2 + c3 + c4);
      let p = "O";
      if (s > 0) {
        result.push(strip(word));
        word = "";
        p = "B";
      }
      p1 = p2;
      p2 = p3;
      p3 = p;
      word += seg[i];
    }
    result.push(strip(word));
    return result;
  };
})();

/* Every pair of neighbouring characters in each run of Japanese script (ja_search.bigrams). */
const bookJaRun = new RegExp(BOOK_JA_MODEL.japanese, "gu");
const bookJaBigrams = (text) => (text.match(bookJaRun) || []).flatMap((run) => {
  const chars = Array.from(run);
  return chars.slice(0, -1).map((char, i) => char + chars[i + 1]);
});

/* A run of letters (Latin, Greek, full-width Latin) or digits (ja_search.OTHER_WORD). */
const bookJaOther = new RegExp(BOOK_JA_MODEL.other, "gu");
const bookJaOtherWords = (text) => text.match(bookJaOther) || [];

/* The index's words of a text (ja_search.BookSplitter.split). */
const bookJaIndexWords = (text) =>
  bookJaSplitter(text).concat(bookJaBigrams(text), bookJaOtherWords(text));

/*
 * The query's words for searchtools.js (ja_search.query_words): the bigrams of its Japanese
 * script and the words of the other scripts, each part between white space on its own; like
 * the index's word_filter, only words of two or more characters.
 */
function splitQuery(query) {
  return query.split(/\s+/u)
    .flatMap((part) => bookJaBigrams(part).concat(bookJaOtherWords(part)))
    .filter((word) => Array.from(word).length > 1);
}
