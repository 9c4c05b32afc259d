/*
 * The Japanese search's word splitter: Sphinx's own sphinx.search.ja.DefaultSplitter (a port
 * of Taku Kudo's TinySegmenter), step for step in JavaScript, so that the page splits a query
 * exactly as the build split the pages into the search index (Sphinx itself ships no splitter
 * for Japanese queries: sphinx-doc/sphinx#13395).
 *
 * book/_ext/ja_search.py puts this file into the Japanese book's language_data.js with
 * BOOK_JA_MODEL defined before it: the splitter's character classes and score tables, written
 * at build time from the Python class, so the two cannot disagree. Nothing is fetched.
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

/*
 * The query's words for searchtools.js: each run of text between white space split as the
 * index splits a text node and, like the index's word_filter, only words of two or more
 * characters (single characters are not indexed).
 *
 * TinySegmenter decides each boundary from the characters around it, so a term typed alone
 * can split otherwise than in a sentence (順伝播 alone is one word; in "順伝播を行う" the index
 * holds 順伝 and 播). A word the index does not hold, and no longer index word contains, is
 * therefore covered by the index's own words instead, longest first from the left (順伝播 ->
 * 順伝); a word nothing covers stays, and finds nothing, as it should.
 */
const bookJaIndexWords = (word, index) => {
  const known = (w) => Object.hasOwn(index.terms, w) || Object.hasOwn(index.titleterms, w);
  const lower = word.toLowerCase();
  if (known(lower)) return [word];
  const all = Object.keys(index.terms).concat(Object.keys(index.titleterms));
  if (Array.from(lower).length > 2 && all.some((term) => term.includes(lower))) return [word];
  const chars = Array.from(word);
  const pieces = [];
  for (let i = 0; i < chars.length;) {
    let end = chars.length;
    while (end > i + 1 && !known(chars.slice(i, end).join("").toLowerCase())) end--;
    if (end > i + 1) pieces.push(chars.slice(i, end).join(""));
    i = end;
  }
  return pieces.length ? pieces : [word];
};

function splitQuery(query) {
  const words = query.split(/\s+/u)
    .flatMap((part) => bookJaSplitter(part))
    .filter((word) => Array.from(word).length > 1);
  const index = typeof Search !== "undefined" ? Search._index : null;
  return index ? words.flatMap((word) => bookJaIndexWords(word, index)) : words;
}
