"""The checklist template with every placeholder replaced, as a contributor would fill it in."""

from __future__ import annotations

REAL_WORDS = {
    "Write the title of your checklist here": "Welcome a returning customer",
    "Say in one sentence what this checklist helps someone do, and for whom.": "Greet a customer you have served before.",
    "Name the moment to pick this up, e.g. before a shift, after a complaint.": "When a customer you have served before comes back in.",
    "Read step by step, because it is used rarely and a missed step is costly.": "Read step by step, as it is new to most of us.",
    "Replace this item with the first action, starting with a verb.": "Greet the customer by name if you know it.",
    "Keep each item to one action, so it can be ticked off.": "Ask how the last visit went.",
    "Put the items in the order people will do them.": "Listen to the whole answer.",
    "Add a note to an item when a reason or tip helps.": "Offer help with today's visit.",
    "Notes appear in smaller type under the item. Keep them to a sentence.": "People come back when they feel known.",
    "Check the checklist against the writing rules in CONTRIBUTING.md.": "Write down anything they asked you to remember.",
    "Delete any section you do not need.": "Thank them for coming back.",
}


def fill(template: str, strict: bool = True) -> str:
    """`template` (the checklist template's text, or a copy of it) with every placeholder replaced by real words."""
    for placeholder, words in REAL_WORDS.items():
        assert placeholder in template or not strict, f"the template no longer has the placeholder {placeholder!r}"
        template = template.replace(placeholder, words.replace("'", "''") if f"'{placeholder}'" in template else words)
    return template
