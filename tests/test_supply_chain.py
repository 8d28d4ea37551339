"""The supply chain: requirements.txt is a hash-pinned lock of requirements.in, and installs enforce it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")
MISMATCH = "THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE"
# A small pure-Python wheel that is always in the lock: pytest depends on it.
PROBE = "iniconfig"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def logical_lines(path: Path) -> list[str]:
    """The file's lines with backslash continuations joined and comments dropped."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = (re.sub(r"(^|\s)#.*", "", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def lock_entries() -> list[tuple[Requirement, list[str], str]]:
    """requirements.txt's entries: the requirement, its options and the whole logical line."""
    entries = []
    for line in logical_lines(ROOT / "requirements.txt"):
        assert not line.startswith("-"), f"requirements.txt should hold only pinned packages, not the option {line!r}"
        spec, *options = re.split(r"\s+(?=--)", line)
        requirement = Requirement(spec)
        entries.append((requirement, options, line))
    return entries


def locked_versions() -> dict[str, set[str]]:
    """The versions requirements.txt pins, by canonical name (more than one only where markers split them)."""
    versions: dict[str, set[str]] = {}
    for requirement, _options, _line in lock_entries():
        versions.setdefault(canonical(requirement.name), set()).update(s.version for s in requirement.specifier)
    return versions


def test_every_lock_entry_is_pinned_exactly_and_hashed():
    entries = lock_entries()
    assert len(entries) > 50, "requirements.txt should hold every package, direct and indirect"
    for requirement, options, _line in entries:
        name = requirement.name
        assert requirement.url is None, f"{name}: install it from the index, not from {requirement.url}"
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"{name}: pin it with ==, found {requirement}"
        assert "*" not in specifiers[0].version, f"{name}: pin one version, found {requirement}"
        assert options, f"{name}: no --hash=sha256: entries"
        for option in options:
            assert HASH.fullmatch(option), f"{name}: expected --hash=sha256: and 64 hex digits, found {option!r}"


def test_every_direct_dependency_is_locked_at_its_version():
    locked = locked_versions()
    direct = [Requirement(line) for line in logical_lines(ROOT / "requirements.in")]
    assert direct
    for requirement in direct:
        name = canonical(requirement.name)
        assert name in locked, f"{requirement.name} is in requirements.in but not in requirements.txt: run ./scripts/lock"
        for version in locked[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{requirement.name}: requirements.in asks for {requirement.specifier}, requirements.txt pins {version}: run ./scripts/lock"
            )


def test_install_enforces_the_hashes():
    script = (ROOT / "scripts" / "install").read_text(encoding="utf-8").replace("\\\n", " ")
    commands = [line for line in script.splitlines() if "pip install" in line and not line.lstrip().startswith("#")]
    assert len(commands) == 2, commands  # the project's packages, and ProperDocs for the engine test
    for command in commands:
        flags = command.split()
        for flag in ("--require-hashes", "--no-deps"):
            assert flag in flags, f"scripts/install: expected {flag} in {command.strip()!r}"
    assert [c.split()[-1] for c in commands] == ["requirements.txt", "requirements-properdocs.txt"]


def test_the_properdocs_lock_pins_one_version_with_hashes():
    lines = [line for line in (ROOT / "requirements-properdocs.txt").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert re.fullmatch(r"properdocs==\d+\.\d+\.\d+ \\", lines[0])
    assert all(re.fullmatch(r"    --hash=sha256:[0-9a-f]{64}( \\)?", line) for line in lines[1:]) and len(lines) > 1


def test_the_lock_is_written_by_scripts_lock():
    lock = ROOT / "scripts" / "lock"
    assert os.access(lock, os.X_OK), "scripts/lock should be executable"
    script = lock.read_text(encoding="utf-8")
    assert re.search(r"^uv_version=\d+\.\d+\.\d+\b", script, re.M), "scripts/lock should pin the locking tool's version"
    assert "--generate-hashes" in script
    header = re.compile(r"^#\s+\./scripts/lock$", re.M)
    assert header.search((ROOT / "requirements.txt").read_text(encoding="utf-8")), (
        "requirements.txt should say it is written by ./scripts/lock"
    )
    assert "./scripts/lock" in (ROOT / "requirements.in").read_text(encoding="utf-8")


def dry_run(requirements: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--no-deps",
            "--require-hashes",
            "--disable-pip-version-check",
            "--timeout",
            "15",
            "--retries",
            "1",
            "-r",
            str(requirements),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_pip_refuses_a_package_whose_hash_was_altered(tmp_path: Path):
    """The real proof: pip, run as scripts/install runs it, installs the lock's entry and refuses it with one hash altered.

    A dry run in hash-checking mode downloads the whole file (pip skips its metadata-only
    shortcut when hashes are required) and checks it, so it proves both halves: the hashes in
    requirements.txt are those of the file the configured indexes serve, and a file whose
    hash is not listed is refused. `--ignore-installed` matters: pip never re-checks a
    package that is already installed, and .venv has them all. The copy holds only one
    small wheel's entry, verbatim from requirements.txt, because the whole lock would mean
    downloading about 150 MB. Checking the wheels installed in .venv instead cannot work
    (pip keeps each file's hash in RECORD, never the wheel's), nor can hashing pip's cache.

    The download needs PyPI (or this machine's local copy of it). Where neither answers,
    the test is skipped, except in CI, where it must run.
    """
    [(requirement, options, line)] = [entry for entry in lock_entries() if canonical(entry[0].name) == PROBE]
    original = tmp_path / "requirements.txt"
    original.write_text(line + "\n", encoding="utf-8")
    good = dry_run(original)
    if good.returncode != 0:
        output = good.stdout + good.stderr
        assert MISMATCH not in output, f"requirements.txt has the wrong hashes for {requirement}:\n{output}"
        if not os.environ.get("CI"):
            pytest.skip(f"could not download {requirement} (offline?):\n{output[-2000:]}")
        pytest.fail(f"pip could not install {requirement} from the lock:\n{output}")
    assert f"Would install {PROBE}-" in good.stdout

    # Alter every hash listed for the probe (one per file PyPI serves for the release), so
    # whichever file pip picks for this platform, its hash is no longer in the lock.
    hashes = [option.removeprefix("--hash=sha256:") for option in options]
    altered = [f"{(int(digest[0], 16) + 1) % 16:x}{digest[1:]}" for digest in hashes]
    tampered_line = line
    for digest, replacement in zip(hashes, altered, strict=True):
        tampered_line = tampered_line.replace(digest, replacement)
    tampered = tmp_path / "tampered.txt"
    tampered.write_text(tampered_line + "\n", encoding="utf-8")
    assert tampered_line != line

    bad = dry_run(tampered)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, f"pip accepted {requirement} with altered hashes:\n{output}"
    assert MISMATCH in output, output
    assert any(f"Got        {digest}" in output for digest in hashes), f"pip should report the real hash it found:\n{output}"
