"""The team self-assessment: "Which mile are we on?" answered by a whole team, on one page.

Made by the assessment kind (kinds/assessment.py) from the same data/assessment.yml: the
same questions, options, thresholds and results, never a copy of them. The page is a shell
for docs/assets/team-assessment.js, which does everything in the browser and sends nothing
anywhere: a facilitator adds people and each answers in turn on one device, or pastes the
short codes people copy from the self-assessment page; the script scores each person and
the team with the rule in mileposts.js (window.Mileposts.mileFor, the same as `mile_for`),
shows where answers are furthest apart, and saves, compares, exports and imports runs.

The answer code a person shares ("MP1-<questions id>-<answers>-<name>") names the set of
questions it answers by `questions_id`, so a code from another version of the questions is
refused instead of being read against the wrong ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, Protocol

from markupsafe import Markup

from ..core.links import Linker
from ..core.templates import render
from .base import GeneratedPage

TEAM_PAGE = "team-assessment.md"
SESSIONS_PAGE = "sessions/index.md"  # the session kits' index, made by another kind; linked as plain HTML (see team.html)


class _Question(Protocol):
    @property
    def text(self) -> str: ...


class Questionnaire(Protocol):
    """What this module needs of an Assessment (assessment.py imports this module, so it is not imported back)."""

    @property
    def path(self) -> str:
        """The data file, data/assessment.yml."""
        ...

    @property
    def questions(self) -> Sequence[_Question]:
        """The questions, in the order they are shown."""
        ...


def questions_id(assessment: Questionnaire) -> str:
    """A short fingerprint of the questions, in order: answer codes carry it, so codes made for other questions are refused."""
    joined = "\n".join(" ".join(q.text.split()) for q in assessment.questions)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:6]


def team_page(assessment: Questionnaire, context: dict[str, Any]) -> GeneratedPage:
    """The team page, rendered with the assessment page's template context (`context`: its `url` made by `linker`, with questions_id)."""
    fragment = render("assessment/team.html", sessions_page=SESSIONS_PAGE, **context)
    markdown = render("assessment/team-page.md", a=assessment, fragment=Markup(fragment))
    return GeneratedPage(TEAM_PAGE, markdown, assessment.path)


def linker(directory_urls: bool) -> Linker:
    """A Linker for links written into the team page."""
    return Linker.from_page(TEAM_PAGE, directory_urls)
