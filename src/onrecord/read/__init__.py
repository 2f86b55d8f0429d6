"""Reading sources into `Document`s: one module per source kind, dispatched here.

Reading never analyses: a bad document is still yielded (and refused later by the stage that
cannot use it), so a batch records its failure and goes on. Nothing is passed over without a
word: an unreadable directory, a FIFO or a program's source file in a directory is a failed
document too.
"""

from __future__ import annotations

import glob
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

from onrecord.errors import InputError, trace, unexpected, writable
from onrecord.fetch import Fetcher, default_fetcher
from onrecord.read.failure import failed
from onrecord.read.feed import read_feed_file
from onrecord.read.html import read_html
from onrecord.read.jsonl import read_jsonl
from onrecord.read.sniff import sniff_file
from onrecord.read.text import read_file, read_stdin
from onrecord.read.url import read_url
from onrecord.read.warc import read_warc
from onrecord.records import Document

#: Files in a directory that are programs or settings, never articles, whatever their content
#: looks like (a docstring reads as English prose). Named on their own, they are read.
NOT_ARTICLES = frozenset(
    ".py .pyc .pyi .ipynb .js .mjs .ts .css .scss .sh .bash .ps1 .bat .c .h .cc .cpp .hpp .java"
    " .go .rs .rb .pl .lua .r .sql .toml .ini .cfg .yaml .yml .lock .db .sqlite".split()
)


def read(source: str | Path, *, fetcher: Fetcher | None = None) -> Iterator[Document]:
    """Every document in a source: a file, a directory (recursively), a glob, '-' (stdin), or an
    http(s) URL. Files are read by the kind of their content: text, HTML (gzipped too), RSS or
    Atom feed, WARC, JSONL. URLs and feed entries are fetched with `fetcher` (default: one polite,
    cached fetcher that refuses private addresses)."""
    name = str(source)
    if name == "-":
        yield from read_stdin()
        return
    if name.startswith(("http://", "https://")):
        yield from read_url(name, fetcher or default_fetcher())
        return
    for item in local_files(name):
        if isinstance(item, Document):
            yield item
        else:
            yield from read_path(item, fetcher=fetcher)


def local_files(source: str | Path) -> Iterator[Path | Document]:
    """The files a local source names, in the order `read` reads them: the file itself, the
    files under a directory (see `_walk`), or a glob's matches; what is passed over (a
    directory that cannot be listed, a program's source) is a failed document. A glob that
    matches nothing raises `InputError`."""
    name = str(source)
    path = Path(name)
    if path.is_dir():
        yield from _walk(path, set())
        return
    if not path.exists() and not path.is_symlink() and glob.has_magic(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            raise InputError(f"no files match {writable(name)}")
        for match in matches:
            yield from local_files(match)
        return
    yield path


def read_path(path: Path, *, fetcher: Fetcher | None = None) -> Iterator[Document]:
    """One file, by the kind of its content; a file that cannot be read is a failed document."""
    origin = writable(str(path))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:  # a broken link in a directory must not end the directory
        yield failed(origin, f"no such file: {origin}")
        return
    except OSError as error:
        yield failed(origin, f"cannot read it: {error.strerror or type(error).__name__}")
        return
    if not stat.S_ISREG(mode):
        # opening a FIFO blocks until someone writes to it; a device may never end
        yield failed(origin, f"not a regular file (a {_file_type(mode)}), so not read")
        return
    try:
        kind = sniff_file(path)
        if kind == "warc":
            yield from read_warc(path)
        elif kind == "html":
            yield from read_html(path)
        elif kind == "jsonl":
            yield from read_jsonl(path)
        elif kind == "feed":
            yield from read_feed_file(path, fetcher or default_fetcher())
        else:
            yield from read_file(path)
    except InputError as error:
        yield failed(origin, str(error))
    except (OSError, EOFError, zlib.error) as error:
        yield failed(origin, _os_reason(error))
    except Exception as error:  # a reader's bug must not end the batch; it is reported as one
        yield failed(origin, unexpected(error), traceback=trace(error))


def _walk(root: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Document]:
    """The files under `root` in name order, hidden ones left out, each directory once (a link
    back up is not followed round); what cannot be listed or is no article is a failed
    document."""
    try:
        status = root.stat()
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        yield failed(writable(str(root)), f"cannot read directory: {reason}")
        return
    if (status.st_dev, status.st_ino) in seen:
        return
    seen.add((status.st_dev, status.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_directory = entry.is_dir()
        except OSError:
            is_directory = False
        if is_directory:
            yield from _walk(path, seen)
        elif _suffix(path) in NOT_ARTICLES:
            yield failed(
                writable(str(path)),
                f"skipped: a {_suffix(path)} file is not an article (name it alone to read it)",
            )
        else:
            yield path


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _os_reason(error: Exception) -> str:
    """What went wrong reading a file, in words: a gzip stream cut short is not 'EOFError'."""
    if isinstance(error, (EOFError, zlib.error)) or "gzip" in str(error).lower():
        return "gzip data is corrupt or cut short"
    if isinstance(error, OSError) and error.strerror:
        return f"cannot read it: {error.strerror}"
    return str(error) or type(error).__name__
