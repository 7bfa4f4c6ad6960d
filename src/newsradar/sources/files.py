"""Local files, folders, globs and stdin as RawPages."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Collection
from pathlib import Path

from newsradar.extract.decode import DEFAULT_MAX_BYTES
from newsradar.record import Failure
from newsradar.sources.raw import PageKind, RawPage

_HTML_EXT = (".html", ".htm", ".xhtml", ".shtml", ".html.gz", ".htm.gz")
_TEXT_EXT = (".txt", ".text", ".txt.gz")


def expand_paths(paths: list[str], skip: Collection[str] = ()) -> list[str]:
    """Files in the order given: folders become their files (recursively, sorted, hidden ones and
    dangling links skipped), globs their matches; '-' (stdin) and paths that do not exist are kept so that each
    gets its own line in the output. Files in ``skip`` (the store's own, when the database lies in
    the folder being ingested) are left out of folders and globs, but not when named."""
    out: list[str] = []
    own = {os.path.realpath(s) for s in skip}

    def wanted(f: str) -> bool:
        return not own or os.path.realpath(f) not in own

    def present(f: str) -> bool:
        # A link whose target was deleted is no page (watch had reported one as refused on every
        # pass); a file deleted between the listing and the reading still gets its failure.
        return not os.path.islink(f) or os.path.exists(f)

    for p in paths:
        if p == "-":
            out.append(p)
        elif os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found = (os.path.join(root, f) for f in sorted(files) if not f.startswith("."))
                out.extend(f for f in found if wanted(f) and present(f))
        elif not os.path.exists(p) and any(ch in p for ch in "*?["):
            matches = sorted(glob.glob(p, recursive=True))
            out.extend(m for m in matches if os.path.isfile(m) and wanted(m)) if matches else out.append(p)
        else:
            out.append(p)
    return out


def kind_from_name(path: str) -> PageKind | None:
    name = path.lower()
    if name.endswith(_HTML_EXT):
        return "html"
    if name.endswith(_TEXT_EXT):
        return "text"
    return None


def read_path(path: str, *, kind: str | None = None, url: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> RawPage | Failure:
    """The file (or stdin for '-') as a RawPage, or a Failure saying why it cannot be read."""
    given: PageKind | None = kind if kind in ("html", "text") else None  # type: ignore[assignment]
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return RawPage(content=data, source="-", url=url, kind=given)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes and not path.endswith(".gz"):
            return Failure(path, f"input is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB "
                                 "page limit (raise it with --max-bytes or NEWSRADAR_MAX_BYTES)")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except IsADirectoryError:
        return Failure(path, "is a folder with no readable files")
    except OSError as exc:
        return Failure(path, f"cannot read: {exc.strerror or exc}")
    return RawPage(content=data, source=path, url=url, kind=given or kind_from_name(path))
