"""The unpacked py3langid model in the user's cache: the same answers as the packaged model, a
corrupt or foreign cache falls back to the package, and CLEANER_CACHE_DIR= switches it off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import language_model

TEXTS = [
    "The council approved the new budget for the harbour district after a long debate on Tuesday.",
    "Der Gemeinderat hat den neuen Haushalt für den Hafen nach langer Debatte am Dienstag beschlossen.",
    "El ayuntamiento aprobó el nuevo presupuesto del puerto tras un largo debate el martes por la tarde.",
    "Le conseil municipal a approuvé le nouveau budget du port après un long débat mardi soir.",
    "De gemeenteraad keurde dinsdag na een lang debat de nieuwe begroting voor de haven goed.",
    "Il consiglio comunale ha approvato martedì il nuovo bilancio del porto dopo un lungo dibattito.",
]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A cache directory of the test's own, the identifier built anew on each call."""
    monkeypatch.setenv(language_model.CACHE_ENV, str(tmp_path))
    language_model.identifier.cache_clear()
    yield tmp_path
    language_model.identifier.cache_clear()


def answers() -> list[tuple[str, float]]:
    language_model.identifier.cache_clear()
    model = language_model.identifier()
    return [(str(lang), round(float(prob), 6)) for lang, prob in map(model.classify, TEXTS)]


def test_the_cached_model_answers_as_the_packaged_one(fresh: Path) -> None:
    packaged = answers()  # unpacks the package's model and writes the cache
    assert len(list(fresh.glob("py3langid-*.npy"))) == 1
    assert answers() == packaged  # read from the cache
    assert [lang for lang, _ in packaged] == ["en", "de", "es", "fr", "nl", "it"]


def test_the_cached_model_is_mapped_not_read(fresh: Path) -> None:
    """The big tables stay file-backed (shared between worker processes, paged in on use)."""
    import numpy as np

    answers()  # writes the cache
    language_model.identifier.cache_clear()
    model = language_model.identifier()  # reads it
    assert isinstance(model.nb_ptc, np.memmap)
    assert isinstance(model.tk_nextmove, memoryview)
    assert [p.name for p in sorted(next(fresh.glob("py3langid-*.npy")).iterdir())] == sorted(
        f"{name}.npy" for name in language_model.ARRAYS
    )


def test_a_corrupt_cache_falls_back_to_the_package(fresh: Path) -> None:
    packaged = answers()
    cached = next(fresh.glob("py3langid-*.npy"))
    (cached / "nextmove.npy").write_bytes(b"not a model")
    assert answers() == packaged  # from the package, and the cache written anew
    assert (cached / "nextmove.npy").stat().st_size > 1_000_000
    assert answers() == packaged


def test_an_empty_cache_dir_setting_switches_the_cache_off(monkeypatch: pytest.MonkeyPatch, fresh: Path) -> None:
    monkeypatch.setenv(language_model.CACHE_ENV, "")
    assert language_model.cache_dir() is None
    assert answers()[0][0] == "en"
    assert list(fresh.iterdir()) == []
