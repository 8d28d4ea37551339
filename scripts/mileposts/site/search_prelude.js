"use strict";
/* Mileposts, prepended to Material's search worker by scripts/mileposts/site/search.py.
 * Material adds a trailing wildcard to every word of a query, so the filler words of a
 * question ("how do I thank a supplier") match as prefixes ("i*" finds "induction",
 * "a*" finds "apology") and push the right page down. Filler words (Lunr's own English
 * stop words, which are never indexed anyway) are dropped from the query before the
 * search runs. The last word is kept while it may still be being typed, explicit
 * search syntax (+word, -word, "a phrase", word*) is kept, and a query made only of
 * filler words is searched as typed. */
(function () {
  var add = self.addEventListener;
  function keep(word, index, words, typing) {
    if (typing && index === words.length - 1) return true;
    if (/^[+-]|[~^*:"]/.test(word)) return true;
    var bare = word.toLowerCase().replace(/^[^\w]+|[^\w]+$/g, "");
    return !bare || self.lunr.stopWordFilter(bare) !== undefined;
  }
  function tidy(query) {
    if (!self.lunr || !self.lunr.stopWordFilter) return query;
    var words = query.trim().split(/\s+/);
    var typing = !/\s$/.test(query);
    var kept = words.filter(function (word, index) { return keep(word, index, words, typing); });
    return kept.length ? kept.join(" ") : query;
  }
  self.addEventListener = function (type, listener, options) {
    if (type === "message") {
      var inner = listener;
      listener = function (event) {
        var message = event.data;
        if (message && message.type === 2 && typeof message.data === "string") {
          event = { data: { type: 2, data: tidy(message.data) } };
        }
        return inner.call(this, event);
      };
    }
    return add.call(self, type, listener, options);
  };
})();
