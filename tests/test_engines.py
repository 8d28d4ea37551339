"""The generator is engine-neutral: a staged tree that stock MkDocs builds into the same site, and ProperDocs building the project.

`python -m mileposts stage OUT` writes every page finished, the exports and the PDFs, and a
mkdocs.yml without hooks; stock MkDocs + Material (no hook) must build it into the very
pages the hooked build makes. ProperDocs (the maintained fork of MkDocs 1.x, installed by
./scripts/install in .cache/engines/properdocs/, apart from .venv/) must build the project
unchanged, offline copy included, and the staged tree too.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import MKDOCS_ENV, ROOT

PROPERDOCS = ROOT / ".cache" / "engines" / "properdocs"
GENERATOR = ROOT / "scripts" / "mileposts"
GENERATOR_LINE = re.compile(r'<meta name="generator" content="[^"]*">')
UPDATED = re.compile(r"Last updated \d{1,2} [A-Z][a-z]+ \d{4}")  # a copy of the project has no git history: file dates


def pages(site: Path, dates: bool = True) -> dict[str, str]:
    """Every HTML page of a built site, its generator line taken out (it names the engine), and its date unless `dates`."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        text = GENERATOR_LINE.sub("", path.read_text(encoding="utf-8"))
        found[path.relative_to(site).as_posix()] = text if dates else UPDATED.sub("Last updated", text)
    return found


def build(engine: str, config: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(site)]
    environment = {**MKDOCS_ENV, **env}
    if engine == "properdocs":
        environment["PYTHONPATH"] = os.pathsep.join([str(PROPERDOCS), str(ROOT / "scripts")])
    return subprocess.run(command, cwd=config.parent, env=environment, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def staged(tmp_path_factory, built_site) -> Path:
    """The staged tree of the real project (its PDFs from the cache the real build filled)."""
    out = tmp_path_factory.mktemp("staged") / "tree"
    result = subprocess.run([sys.executable, "-m", "mileposts", "--root", str(ROOT), "stage", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


def test_the_staged_tree_is_complete_and_has_no_hook(staged):
    config = (staged / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^hooks:", config, re.M) and "mkdocs_hooks" not in config and "!ENV" not in config
    assert 'site_url: "https://' in config and 'edit_uri: ""' in config
    docs = staged / "docs"
    assert (docs / "checklists" / "service-recovery.md").is_file() and (docs / "assessment.md").is_file()
    assert (docs / "checklists.json").is_file() and (docs / "quotes.json").is_file()
    assert (docs / "pdf" / "service-recovery-a4.pdf").stat().st_size > 10_000 and (
        docs / "pdf" / "mileposts-trainer-pack-letter.pdf"
    ).is_file()
    page = (docs / "for" / "team-leads.md").read_text(encoding="utf-8")
    assert "<!-- mileposts:" not in page and '!!! info "Sources"' in page and "<abbr title=" in page
    assert "edit_url: https://github.com/mileposts/mileposts/edit/main/docs/for/team-leads.md" in page
    assert "revision_date: Last updated " in page
    checklist = (docs / "checklists" / "service-recovery.md").read_text(encoding="utf-8")
    assert "edit_url: https://github.com/mileposts/mileposts/edit/main/data/checklists/service-recovery.yml" in checklist
    assert "--8<--" not in (docs / "contributing.md").read_text(encoding="utf-8"), "included files are in the page itself"


def test_stock_mkdocs_builds_the_staged_tree_into_the_same_pages_as_the_hooked_build(staged, built_site, tmp_path):
    result = build("mkdocs", staged / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    hooked, stock = pages(built_site), pages(tmp_path / "site")
    assert sorted(stock) == sorted(hooked)
    different = [page for page in hooked if hooked[page] != stock[page]]
    assert different == [], f"pages differ: {different[:5]}"
    for name in ("checklists.json", "pdf/service-recovery-letter.pdf", "pdf/previews/service-recovery.png"):
        assert (tmp_path / "site" / name).read_bytes() == (built_site / name).read_bytes(), name


def test_properdocs_builds_the_project_unchanged_with_its_offline_copy(built_site, warm_project, tmp_path):
    if not (PROPERDOCS / "properdocs").is_dir():
        pytest.fail("ProperDocs is missing from .cache/engines/properdocs: run ./scripts/install")
    result = build("properdocs", warm_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "ProperDocs" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert pages(tmp_path / "site", dates=False) == pages(built_site, dates=False)
    with zipfile.ZipFile(tmp_path / "site" / "mileposts-offline.zip") as archive:
        home = archive.read("mileposts/index.html").decode("utf-8")
    assert "ProperDocs" in home, "the offline copy is built by the engine that is running, not by MkDocs"


def test_properdocs_builds_the_staged_tree(staged, built_site, tmp_path):
    result = build("properdocs", staged / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert pages(tmp_path / "site") == pages(built_site)


def test_the_generator_imports_nothing_of_mkdocs_or_material():
    modules = sorted(".".join(p.relative_to(GENERATOR.parent).with_suffix("").parts) for p in GENERATOR.rglob("*.py"))
    modules = [m.removesuffix(".__init__") for m in modules if not m.endswith("__main__")]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + ("bad = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'properdocs'))\nprint(bad)\n")
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout
    assert len(modules) > 30


def _imports(path: Path) -> set[str]:
    """The generator modules a module imports (relative imports resolved), by dotted name."""
    package = ".".join(path.relative_to(GENERATOR.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if node.level == 0 and not name.startswith("mileposts"):
                continue
            for alias in node.names:
                found.add(
                    f"{name}.{alias.name}"
                    if (GENERATOR.parent / f"{name}.{alias.name}".replace(".", "/")).with_suffix(".py").exists()
                    else name
                )
    return found


def test_the_generator_has_no_import_circles():
    """Imports inside functions count too: a circle is a circle wherever its import sits."""
    graph = {}
    for path in GENERATOR.rglob("*.py"):
        name = ".".join(path.relative_to(GENERATOR.parent).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = {m for m in _imports(path) if m != name}
    visiting, done, circles = set(), set(), []

    def visit(node, trail):
        if node in visiting:
            circles.append(trail[trail.index(node) :] + [node])
            return
        if node in done or node not in graph:
            return
        visiting.add(node)
        for target in sorted(graph[node]):
            visit(target, trail + [node])
        visiting.discard(node)
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    assert circles == [], "\n".join(" -> ".join(c) for c in circles)


def test_the_actions_partial_is_materials_own_but_for_the_edit_link_from_front_matter(repo_root):
    """overrides/partials/actions.html lets front matter name each page's edit link; the rest must stay Material's."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "actions.html").read_text(encoding="utf-8")
    mine = (repo_root / "overrides" / "partials" / "actions.html").read_text(encoding="utf-8")
    mine = re.sub(r"^\{#-.*?-#\}\n\{% set edit_url = [^\n]*%\}\n", "", mine, flags=re.DOTALL)
    mine = mine.replace("edit_url | replace(part, 'raw') | e", "page.edit_url | replace(part, 'raw')").replace(
        "{{ edit_url | e }}", "{{ page.edit_url }}"
    )
    mine = mine.replace("{% if edit_url %}", "{% if page.edit_url %}").replace('"/blob/" in edit_url', '"/blob/" in page.edit_url')
    theirs = re.sub(r"^\{#-.*?-#\}\n", "", theirs, flags=re.DOTALL)
    assert mine == theirs, (
        "Material's partials/actions.html has changed: copy it again into overrides/partials/ and re-apply the edit_url change"
    )
