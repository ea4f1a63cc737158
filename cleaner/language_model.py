"""py3langid's identifier, loaded fast: its packaged model is LZMA-compressed (68 MB inside) and
takes ~1 s to unpack at every start, most of a one-page CLI run. The unpacked model is kept in the
user's cache directory (``$CLEANER_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleaner``, else
``~/.cache/cleaner``; ``CLEANER_CACHE_DIR=`` turns it off) as a directory of plain ``.npy`` arrays
(no pickle), written atomically, keyed by py3langid's version and the model file's size. The
arrays are memory-mapped, not read: the model loads in ~0.02 s, only the pages a page's text
visits are read, and worker processes share one copy (file-backed pages) instead of holding one
each. Any trouble with the cache (unwritable, corrupt, another py3langid) falls back to the
packaged model.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from array import array
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

CACHE_ENV = "CLEANER_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where cleaner keeps what it unpacks once per machine, or None when switched off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleaner"


@functools.cache
def identifier() -> Any:
    """py3langid's identifier with probabilities normalised, from the cache when it can."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped, unused-ignore]

    source = Path(MODEL_DIR) / MODEL_FILE
    cached = _cache_file(source)
    if cached is not None and cached.is_dir():
        with contextlib.suppress(Exception):  # a cache of another layout: the packaged model is the truth
            return _load(cached, LanguageIdentifier)
        shutil.rmtree(cached, ignore_errors=True)  # unreadable: written anew below
    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if cached is not None:
        with contextlib.suppress(Exception):  # an unwritable cache only costs the next start its second
            _save(model, cached)
    return model


def _cache_file(source: Path) -> Path | None:
    """The cache file for this py3langid and model, or None when caching is off or impossible."""
    directory = cache_dir()
    try:
        version = metadata.version("py3langid")
        size = source.stat().st_size
    except (OSError, metadata.PackageNotFoundError):
        return None
    return None if directory is None else directory / f"py3langid-{version}-{size}.npy"


ARRAYS = ("ptc", "pc", "classes", "nextmove", "row", "output")


def _save(model: Any, path: Path) -> None:
    """The identifier's arrays as one .npy file each in a directory, renamed into place once
    complete (a directory that another process renamed first is kept)."""
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {
        "ptc": np.asarray(model.nb_ptc),
        "pc": np.asarray(model.nb_pc),
        "classes": np.asarray(model.nb_classes, dtype=str),
        "nextmove": np.frombuffer(model.tk_nextmove, dtype=f"u{model.tk_nextmove.itemsize}"),
        "row": np.frombuffer(model.tk_row, dtype=f"u{model.tk_row.itemsize}"),
        "output": np.asarray(model.tk_output, dtype=np.int32),
    }
    tmp = Path(tempfile.mkdtemp(dir=path.parent, suffix=".tmp"))
    try:
        for name, values in arrays.items():
            np.save(tmp / f"{name}.npy", values, allow_pickle=False)
        with contextlib.suppress(OSError):  # already there: another process won the race
            os.replace(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load(path: Path, cls: Any) -> Any:
    """An identifier over the cached arrays, memory-mapped. The state table (39 MB) is walked
    one byte of text at a time, so it is a memoryview (indexing gives plain ints, as py3langid's
    own ``array`` does); the class table is a read-only numpy map."""
    import numpy as np

    data = {name: np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in ARRAYS}
    nextmove = memoryview(data["nextmove"]).cast("B").cast(_TYPECODES[data["nextmove"].dtype.itemsize])
    row = array(_TYPECODES[data["row"].dtype.itemsize], data["row"].tobytes())
    classes = [str(c) for c in data["classes"]]
    pc = np.array(data["pc"])  # 142 floats, added to every score: in memory
    return cls(data["ptc"], pc, classes, nextmove, data["output"].tolist(), norm_probs=True, tk_row=row)


_TYPECODES: dict[int, Literal["H", "I", "L"]] = {2: "H", 4: "I", 8: "L"}
