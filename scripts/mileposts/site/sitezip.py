"""The offline copy's zip: a built site under one folder, reproducibly, compressed as each kind of file deserves.

Text is deflated at level 6 (within 2% of level 9's size in half its time), PDFs at
level 1 (mostly compressed already), images stored as they are. A zip can be made in
two parts on two cores, the offline copy's own files in its build and the printables
in the main build, and joined by copying the second part's members as they are stored
(`add_zipped`): nothing is compressed twice.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

ZIP_NAME = "mileposts-offline.zip"  # the offline copy, published at the site's root
FOLDER = "mileposts"  # the folder the zip unpacks into
LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz", ZIP_NAME}  # sitemaps carry the build date; useless offline
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same site gives the same zip

STORED_AS_IS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".gz", ".zip", ".woff", ".woff2"}  # compressed already
QUICK = {".pdf"}  # mostly compressed already: level 1 keeps nine tenths of level 9's gain in a quarter of the time
LEVEL = 6  # for text: within 2% of level 9's size, in half its time


def _member(site_dir: Path, path: Path) -> tuple[zipfile.ZipInfo, int]:
    """The zip entry of one file (fixed date and mode) and its compression level."""
    info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site_dir).as_posix()}", ZIP_TIME)
    info.external_attr = 0o644 << 16
    suffix = path.suffix.lower()
    info.compress_type = zipfile.ZIP_STORED if suffix in STORED_AS_IS else zipfile.ZIP_DEFLATED
    return info, 1 if suffix in QUICK else LEVEL


def _site_files(site_dir: Path, under: str | None = None, besides: str | None = None) -> list[Path]:
    """The files to zip, sorted: all but LEFT_OUT, only those in folder `under` or only those outside folder `besides`."""
    files = []
    for path in site_dir.rglob("*"):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative in LEFT_OUT:
            continue
        if (under is None or relative.startswith(under + "/")) and (besides is None or not relative.startswith(besides + "/")):
            files.append(path)
    return sorted(files)


def _write_members(archive: zipfile.ZipFile, site_dir: Path, files: list[Path]) -> None:
    for path in files:
        info, level = _member(site_dir, path)
        archive.writestr(info, path.read_bytes(), compresslevel=level)


def zip_site(site_dir: Path, zip_path: Path, under: str | None = None, besides: str | None = None) -> int:
    """Zip a built site (only folder `under`, or all but folder `besides`) into `zip_path` under one folder; returns how many files."""
    files = _site_files(site_dir, under=under, besides=besides)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w") as archive:
        _write_members(archive, site_dir, files)
    partial.replace(zip_path)
    return len(files)


LOCAL_HEADER = 30  # bytes of a member's local header before its name and extra field (the ZIP format's section 4.3.7)


def _stored_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's data as stored in `archive` (compressed, if it is), read past its local header."""
    assert archive.fp is not None
    archive.fp.seek(info.header_offset)
    header = archive.fp.read(LOCAL_HEADER)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    archive.fp.seek(info.header_offset + LOCAL_HEADER + name_length + extra_length)
    return archive.fp.read(info.compress_size)


def add_zipped(first: Path, second: Path, target: Path) -> int:
    """`first` with every member of `second` after its own, copied as stored (not compressed again), written to `target`."""
    partial = target.with_suffix(".zip.part")
    shutil.copyfile(first, partial)
    with zipfile.ZipFile(second) as source, zipfile.ZipFile(partial, "a") as archive:
        assert archive.fp is not None
        for info in source.infolist():
            data = _stored_bytes(source, info)
            archive.fp.seek(archive.start_dir)
            copied = zipfile.ZipInfo(info.filename, info.date_time)
            copied.compress_type, copied.external_attr, copied.create_system = info.compress_type, info.external_attr, info.create_system
            copied.CRC, copied.compress_size, copied.file_size = info.CRC, info.compress_size, info.file_size
            copied.header_offset = archive.fp.tell()
            archive.fp.write(copied.FileHeader(zip64=False))
            archive.fp.write(data)
            archive.start_dir = archive.fp.tell()
            archive.filelist.append(copied)
            archive.NameToInfo[copied.filename] = copied
        count = len(source.infolist())
        setattr(archive, "_didModify", True)  # noqa: B010 -- so that closing writes the new central directory
    partial.replace(target)
    return count
