"""Writing rules and checks that JSON Schema cannot express, shared by every kind of content.

- a real calendar date (the schemas check only the YYYY-MM-DD shape);
- one action starting with a verb (checklist items, next steps): the first word
  must not be an article, pronoun, adverb or preposition, nor a gerund;
- one action per item: a second action joined on with "and", "then" or a comma
  (", make eye contact and smile") is flagged, and so is " - " inside an item, which
  is what a list item indented one step too far turns into (it merges with the one above);
- the same text twice, compared in normal form (see textcheck.normal_form).
"""

from __future__ import annotations

import datetime
import re

DATE_SHAPE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
# Words that cannot open an imperative ("Greet the customer", not "The customer is greeted").
NOT_VERBS = frozenset(
    (
        "a an the this that these those your our their my his her its you we they i it he she there here "
        "always never often sometimes usually customer customers team staff everyone someone nobody "
        "if when before after during while because so to for of in on at by with from"
    ).split()
)
VERBS_ENDING_IN_ING = frozenset({"bring", "ring", "sing", "string", "swing", "wring", "ping"})


def real_date(text: object) -> bool:
    """True for text shaped YYYY, YYYY-MM or YYYY-MM-DD that names a real day (or month, or year)."""
    if not isinstance(text, str) or not DATE_SHAPE.match(text):
        return False
    padded = text + "-01" * (3 - len(text.split("-")))
    try:
        datetime.date.fromisoformat(padded)
    except ValueError:
        return False
    return True


def date_problem(text: object) -> str | None:
    """The message for a date of the right shape that is not a real date; None otherwise (the schema reports shapes)."""
    if isinstance(text, str) and DATE_SHAPE.match(text) and not real_date(text):
        return f"expected a real calendar date, found {text!r}"
    return None


def first_word(text: str) -> str:
    """The first word of `text`, lower-cased, without Markdown emphasis or link brackets."""
    words = text.split()
    return words[0].strip("*_[").lower() if words else ""


def verb_problem(text: str) -> str | None:
    """The message for text that does not start with a verb (one action per item), or None."""
    word = first_word(text)
    gerund = word.endswith("ing") and word not in VERBS_ENDING_IN_ING
    if word in NOT_VERBS or gerund or not word[:1].isalpha():
        return f"expected one action starting with a verb (e.g. 'Greet ...'), found it starting with {word!r}"
    return None


# Verbs that open a second action after "and", "then", "or" or a comma. A list, not a guess:
# "and the price" or "and when" are not actions.
ACTION_VERBS = frozenset(
    (
        "acknowledge add agree answer apologise apologize ask book bring call cancel change check choose close collect "
        "compare confirm contact count cut decide delegate deliver describe drop end escalate explain find finish fix "
        "follow give greet hand help invite keep learn let listen log look make mark measure meet name note offer open "
        "pass pick plan point post prepare print promise put read record reply repeat report respond review say schedule "
        "send set share show sign smile start stop summarise summarize tag take tell thank tick treat trim update use "
        "visit wait walk watch welcome write"
    ).split()
)
JOINED_ACTION = re.compile(r"(?:,\s*(?:and\s+|then\s+|or\s+)?|\s+(?:and|then|or)\s+)([A-Za-z]+)")


def case_problem(text: str) -> str | None:
    """The message for an item not in sentence case (starting with a small letter), or None."""
    start = text.lstrip("*_[")
    if start[:1].isalpha() and start[:1].islower():
        word = start.split()[0]
        return f"expected the item to start with a capital letter, found {word!r}; write {word[:1].upper() + word[1:]!r}"
    return None


def action_problem(text: str) -> str | None:
    """The message for an item holding more than one action, or a list item merged into it; None if it is one action."""
    if " - " in text:
        return "expected one item per line, found ' - ' inside it: an item indented one step too far joins the one above; line it up"
    if ";" in text:
        return "expected one action per item, found a ';' joining two; split it into two items or keep one"
    for match in JOINED_ACTION.finditer(text):
        word = match.group(1).lower()
        if word == "thank" and text[match.end() :].startswith(" you") and text[: match.start()].lower().endswith("please"):
            continue  # "please and thank you" is a phrase, not a second action
        if word in ACTION_VERBS and match.start() > 0:
            joined = text[match.start() : match.end()].strip(" ,")
            return f"expected one action per item, found a second one ({joined!r}); split it into two items or keep one"
    return None
