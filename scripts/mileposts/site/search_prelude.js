"use strict";
/* Mileposts, prepended to Material's search worker by scripts/mileposts/site/search.py.
 * Material's search matches the words typed, as typed, with a wildcard after each. This
 * makes it match what people mean instead; nothing here knows a page or a query.
 *
 * - Words are stemmed (the index keeps Lunr's stemmer: "stressed" finds "stress") and
 *   British and American spellings are made one before stemming, in the index and in
 *   the query alike (spell()).
 * - Only filler words ("how do I ...") are left out of a query; "no", "say", "which" are
 *   searched (Lunr's stop word list, which Material uses, drops them from the index).
 * - A word written as one or as two ("deescalate", "de-escalate", "de escalate") finds
 *   both forms: two words are also tried joined, one word split in two, whichever the
 *   index holds.
 * - Synonyms come from data/search.yml (config.synonyms in the search index): a word or
 *   phrase of a group also searches the others, below the word itself; a phrase of several
 *   words ("money back") is found only where all its words are, and is recognised in a
 *   query in any word order ("back money").
 * - Each word (with its variants) is searched on its own and a result's score is weighted
 *   by how much of the query it matches, each word counted by its rarity, so a page that
 *   matches one generic word strongly does not outrank a page matching the whole query.
 * - Pages are ranked by their best section read under the page's own title (search()).
 * - A word that finds little is retried fuzzily; a result whose best match is a section links there.
 * The last word is also searched as a prefix while it may still be being typed (weakly
 * when it is a whole word already: "late" should not find "latency" first). */
(function () {
  var add = self.addEventListener, post = self.postMessage.bind(self);
  var FILLER = ("a an the i im i'm me my we us our you your it its is are was were be been am do does did doing " +
    "to of in on at for and or how can could should would will shall this that these those with about please " +
    "has have had there their they them if so then than into from by as just some any what what's").split(" ");
  var pending = null, synonyms = Object.create(null), wrapped = false, ranks = null;  // maps keyed by words have no prototype: a query may say "constructor"
  // Lunr's length normalisation (Material's is 0: long pages won on volume); how much a page's own
  // entry adds to its sections' rank; how much of a word a near spelling of it covers.
  var B = 0.25, TOP = 0.5, FUZZY = 0.5;

  /* One spelling for British and American forms: the index and the query both pass through it. */
  var WORDS = { whilst: "while", amongst: "among", towards: "toward", learnt: "learned", spelt: "spelled",
    judgement: "judgment", ageing: "aging", enquiry: "inquiry", enquiries: "inquiries", enquire: "inquire",
    grey: "gray", programme: "program", programmes: "programs", cheque: "check", cheques: "checks" };
  var RULES = [
    [/^practis/, "practic"],
    [/^(behavi|col|fav|hon|lab|neighb|rum|hum|flav|harb|endeav|savi|vig|rig|od|splend|arm)our/, "$1or"],
    [/^([a-z]{3,})is(e|es|ed|ing|ation|ations|er|ers|ement|ements)$/, "$1iz$2"],
    [/^(anal|paral|catal)ys(e|es|ed|ing)$/, "$1yz$2"],
    [/^(cent|theat|lit|fib|somb|spect|calib)re(s?)$/, "$1er$2"],
    [/^(cent|theat|fib)red$/, "$1ered"],
    [/^(cancel|travel|label|model|counsel|fuel|signal|level|total|channel|dial|marvel|quarrel|jewel)l(ed|ing|er|ers)$/, "$1$2"],
    [/^(enrol|fulfil)l(s|ments?)?$/, "$1$2"],
    [/^(lic|def|off|pret)ense(s?)$/, "$1ence$2"],
    [/^(catalog|dialog|analog|prolog|epilog)u(e|es)$/, "$1"]
  ];
  function spell(word) {
    var s = word.replace(/\u2019/g, "'").replace(/'s$/, "").replace(/'/g, "");
    if (Object.prototype.hasOwnProperty.call(WORDS, s)) return WORDS[s];
    for (var i = 0; i < RULES.length; i++) s = s.replace(RULES[i][0], RULES[i][1]);
    return s;
  }

  function wrapStemmer(lunr) {
    if (wrapped) return;
    wrapped = true;
    var stem = lunr.stemmer;
    lunr.stemmer = function (token) { return stem(token.update(function (s) { return spell(s); })); };
    lunr.Pipeline.registerFunction(lunr.stemmer, "milepostsStemmer");
    var b = lunr.Builder.prototype.b;  // Material sets 0: a long page won on the sheer number of its words
    lunr.Builder.prototype.b = function () { return b.call(this, B); };
    lunr.Index.prototype.search = function (query) {
      if (pending === null) return this.query(function (q) { new lunr.QueryParser(query, q).parse(); });
      var raw = pending;
      pending = null;
      return search(this, lunr, raw);
    };
  }

  function stemOf(lunr, word) { return lunr.stemmer(lunr.trimmer(new lunr.Token(word))).toString(); }
  function words(lunr, text) {
    return text.toLowerCase().split(lunr.tokenizer.separator).map(function (w) {
      return w.replace(/^[^\w']+|[^\w']+$/g, "");
    }).filter(Boolean);
  }

  function stemAll(lunr, list) { return list.map(function (w) { return stemOf(lunr, w); }); }
  function key(stems) { return stems.slice().sort().join(" "); }  // a synonym's stems, sorted: any order finds it
  /* Each member of a group is keyed as a query reads it, without its filler words ("did not turn
   * up" as "not turn up"), unless that leaves one word ("what's new" is not "new"). */
  function loadSynonyms(lunr, groups) {
    synonyms = Object.create(null);
    (groups || []).forEach(function (group) {
      var raw = group.map(function (m) { return words(lunr, m); }), members = raw.map(function (ws) { return stemAll(lunr, ws); });
      members.forEach(function (member, i) {
        var said = raw[i].filter(function (w) { return FILLER.indexOf(w) < 0; });
        var at = key(said.length > 1 ? stemAll(lunr, said) : member);
        synonyms[at] = (synonyms[at] || []).concat(members.filter(function (_, j) { return j !== i; }));
      });
    });
  }

  /* The clauses of one query word: the word, its joined and split forms, its synonyms. */
  function variants(index, lunr, list, i, typing, fuzzy) {
    var word = list[i], stem = stemOf(lunr, word), vocab = index.invertedIndex, clauses = [], phrases = [];
    clauses.phrases = phrases;
    clauses.push({ term: word, boost: 10 });
    if (typing && i === list.length - 1 && word.length >= 2) {  // a whole word already is one: its prefix counts little
      clauses.push({ term: spell(word), boost: stem in vocab ? 0.3 : 3, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
    }
    if (i + 1 < list.length && stemOf(lunr, word + list[i + 1]) in vocab) clauses.push({ term: word + list[i + 1], boost: 8 });
    if (i > 0 && stemOf(lunr, list[i - 1] + word) in vocab) clauses.push({ term: list[i - 1] + word, boost: 8 });
    var known = stem in vocab;  // a word the index holds is split only into two real words: "deescalate", not "another"
    for (var cut = 2; cut <= word.length - 3; cut++) {
      var head = word.slice(0, cut), tail = word.slice(cut);
      if (known && (tail.length < 4 || FILLER.indexOf(head) >= 0 || FILLER.indexOf(tail) >= 0)) continue;
      if (stemOf(lunr, head) in vocab && stemOf(lunr, tail) in vocab) {
        clauses.push({ term: head, boost: 4 }, { term: tail, boost: 4 });
        break;
      }
    }
    var stems = stemAll(lunr, list);
    for (var start = Math.max(0, i - 2); start <= i; start++) {
      for (var end = i + 1; end <= Math.min(list.length, start + 3); end++) {
        (synonyms[key(stems.slice(start, end))] || []).forEach(function (member) {
          if (member.length === 1) clauses.push({ term: member[0], boost: 4, usePipeline: false });
          else phrases.push(member);  // "real example" is found only where both words are, not wherever "real" is
        });
      }
    }
    if (fuzzy && word.length >= 4) clauses.push({ term: word, boost: 1, editDistance: word.length >= 7 ? 2 : 1 });
    return clauses;
  }

  function query(index, clauses) {
    return index.query(function (q) { clauses.forEach(function (c) { q.term(c.term, Object.assign({}, c)); }); });
  }
  /* The clauses' results, and each phrase's (every word of it required), summed by result. */
  /* Lunr's match data can hold its index's own position lists, which combine() would grow on
   * every search until Material's highlighting overflowed the stack and every query found
   * nothing: results are combined into fresh match data only. */
  function fresh(hit) {
    var data = new self.lunr.MatchData();
    data.combine(hit.matchData);
    return { ref: hit.ref, score: hit.score, matchData: data };
  }
  function run(index, clauses) {
    var found = query(index, clauses).map(fresh), by = {};
    found.forEach(function (hit) { by[hit.ref] = hit; });
    (clauses.phrases || []).forEach(function (member) {
      query(index, member.map(function (term) {
        return { term: term, boost: 4 / member.length, usePipeline: false, presence: self.lunr.Query.presence.REQUIRED };
      })).forEach(function (hit) {
        if (!by[hit.ref]) found.push(by[hit.ref] = fresh(hit));
        else {
          by[hit.ref].score += hit.score;
          by[hit.ref].matchData.combine(hit.matchData);
        }
      });
    });
    return found;
  }

  /* The query's words that are not filler, as the index holds them (stemmed). */
  function content(lunr, raw) {  // a filler word joined by a hyphen is a name's ("READ-DO", "one-to-one"): kept
    var joined = Object.create(null), all = words(lunr, raw);
    raw.toLowerCase().split(/\s+/).forEach(function (t) { if (/\w-\w/.test(t)) words(lunr, t).forEach(function (w) { joined[w] = 1; }); });
    var list = all.filter(function (w) { return joined[w] || FILLER.indexOf(w) < 0; });
    return list.length ? list : all;
  }
  function stems(lunr, raw) {  // each cut to what word and stem share: "recovery", "recoveri" -> "recover"
    var list = content(lunr, raw).map(function (w) {
      var stem = stemOf(lunr, w), word = spell(w), n = 0;
      while (n < stem.length && stem.charAt(n) === word.charAt(n)) n++;
      return n >= 2 ? stem.slice(0, n) : stem;
    });
    return list.length ? list.join(" ") : raw;
  }

  /* Search each query word with its variants. A word's weight is its rarity (inverse document
   * frequency, of the word with its variants), so covering "story" counts for more than covering
   * "customer", found everywhere. A result's score is Lunr's, times the square of the weighted
   * share of the query it covers. A page ranks (ranks) by its best section read with the page's
   * own entry (title, address and opening), as a reader sees a section: under its page's title.
   * So "quotes about X" finds the page called Quotes over a page with a "Related quotes" part. */
  function search(index, lunr, raw) {
    var list = content(lunr, raw), typing = !/\s$/.test(raw), total = Object.keys(index.fieldVectors).length / index.fields.length;
    if (!list.length) return [];
    var hits = {}, weights = [], sum = 0;
    list.forEach(function (_, i) {
      var found = run(index, variants(index, lunr, list, i, typing, false)), exact = {};
      found.forEach(function (hit) { exact[hit.ref] = 1; });
      if (found.length < 3) found = run(index, variants(index, lunr, list, i, typing, true));
      weights[i] = found.length ? Math.log(1 + total / found.length) : 0;
      sum += weights[i];
      found.forEach(function (hit) {
        var doc = hits[hit.ref];
        if (!doc) doc = hits[hit.ref] = { ref: hit.ref, score: 0, words: {}, matchData: new lunr.MatchData() };
        doc.matchData.combine(hit.matchData);
        doc.score += hit.score;
        doc.words[i] = exact[hit.ref] ? 1 : FUZZY;  // a near spelling covers a word less than the word itself
      });
    });
    function cover(words, more) {
      var got = 0;
      list.forEach(function (_, i) { got += weights[i] * Math.max(words[i] || 0, (more && more[i]) || 0); });
      return sum ? got / sum : 0;
    }
    var ranked = {};
    ranks = {};
    Object.keys(hits).forEach(function (ref) {
      var doc = hits[ref], page = ref.split("#")[0], top = ref === page ? null : hits[page], share = cover(doc.words);
      var joint = top ? cover(doc.words, top.words) : share;
      ranked[ref] = doc.score * share * share;
      ranks[page] = Math.max(ranks[page] || 0, (doc.score + (top ? TOP * top.score : 0)) * joint * joint);
    });
    var own = Object.create(null);
    list.forEach(function (w) { own[stemOf(lunr, w)] = 1; });
    Object.keys(hits).forEach(function (ref) {
      hits[ref].score = ranked[ref];
      tidy(hits[ref].matchData, own);
    });
    return Object.keys(hits).map(function (ref) { return hits[ref]; }).sort(function (a, b) { return b.score - a.score; });
  }

  /* What Material highlights is each matched term's positions: a filler word that only came in
   * with a synonym phrase ("on" of "not on time") is not highlighted, and a place two terms
   * matched ("parcel", and "parcel" again as a synonym) is marked once, not as nested marks. */
  function tidy(data, own) {
    var seen = {};
    Object.keys(data.metadata).forEach(function (term) {
      if (FILLER.indexOf(term) >= 0 && !own[term]) {
        delete data.metadata[term];
        return;
      }
      Object.keys(data.metadata[term]).forEach(function (field) {
        var meta = data.metadata[term][field];
        if (!meta.position) return;
        meta.position = meta.position.filter(function (at) {
          var key = field + " " + at;  // Material's positions are numbers (block and token)
          return seen[key] ? false : (seen[key] = true);
        });
      });
    });
  }

  /* A result whose best match is one of its sections links to that section: the section with
   * more of the query's words than the page's own entry, or as many and a better score of its
   * own. Material scales each score by 1 + (1 if it is a page + the share of the query's words
   * it has) squared; own() undoes that, to compare a section's words with the page's. The page
   * keeps its title and place in the list. */
  function share(doc) {
    var terms = Object.keys(doc.terms || {});
    return terms.length ? terms.filter(function (t) { return doc.terms[t]; }).length / terms.length : 0;
  }
  function own(doc) {
    var g = (doc.parent ? 0 : 1) + share(doc);
    return doc.score / (1 + g * g);
  }
  function better(a, b) { return share(a) > share(b) || (share(a) === share(b) && own(a) > own(b)); }
  function rank(group) {
    return ranks[group[0].location.split("#")[0]] || 0;
  }
  function toSections(result) {
    if (ranks && result.items) result.items.sort(function (a, b) { return rank(b) - rank(a); });
    ranks = null;
    (result.items || []).forEach(function (group) {
      var best = null, top = null;
      group.forEach(function (doc) {
        if (doc.location.indexOf("#") < 0) top = doc;
        else if (!best || better(doc, best)) best = doc;
      });
      if (top && best && better(best, top)) {
        // Material draws as the result the group's first entry without "#", or else its last:
        // the page's entry, now with the section's address, goes last.
        top.location = best.location;
        group.splice(group.indexOf(top), 1);
        group.push(top);
      }
    });
    return result;
  }
  self.postMessage = function (message) {
    if (message && message.type === 3 && message.data) message = { type: 3, data: toSections(message.data) };
    return post.apply(self, [message].concat([].slice.call(arguments, 1)));
  };

  self.addEventListener = function (type, listener, options) {
    if (type === "message") {
      var inner = listener;
      listener = function (event) {
        var message = event.data, lunr = self.lunr;
        if (lunr && message && message.type === 0 && message.data) {
          wrapStemmer(lunr);
          var config = message.data.config || {};
          lunr.tokenizer.separator = new RegExp(config.separator || "[\\s\\-]+");
          loadSynonyms(lunr, config.synonyms);
        }
        if (lunr && wrapped && message && message.type === 2 && typeof message.data === "string") {
          // This prelude searches the query as typed (pending); Material is given its stems, which
          // it uses only to highlight matches and to weigh how much of the query a result covers.
          pending = message.data;
          event = { data: { type: 2, data: stems(lunr, message.data) } };
        }
        return inner.call(this, event);
      };
    }
    return add.call(self, type, listener, options);
  };
})();
