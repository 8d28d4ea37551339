"""The kinds of content, registered here and nowhere else. Adding a kind: a schema, one module, its templates, one line below.

Order matters: a kind is loaded after the kinds whose records it uses (checklists name
sources; the self-assessment recommends checklists; session kits use checklists and worksheets), and each page is finished by every
kind in this order (the sources box goes on before glossary tooltips look for terms).
"""

from __future__ import annotations

from . import assessment, checklists, glossary, quotes, sessions, settings, sources, worksheets
from .base import Kind

KINDS: tuple[Kind, ...] = (
    settings.KIND,
    sources.KIND,
    glossary.KIND,
    quotes.KIND,
    checklists.KIND,
    assessment.KIND,
    worksheets.KIND,
    sessions.KIND,  # after the checklists and worksheets its kits use
)
