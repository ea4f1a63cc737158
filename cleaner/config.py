"""One configuration object for a cleaner, and how it is read from TOML.

A :class:`CleanerConfig` is frozen and plain (it pickles, so batch workers and Spark executors get
the same one); :class:`cleaner.engine.Cleaner` compiles it once into rule sets. Everything a user
may change lives here: which language packs apply, rules switched off, extra phrases and patterns
per rule id, per-domain overlays, limits, and the named thresholds of ``rules/thresholds.toml``.
Every mistake is one :class:`ConfigError` naming the key, never a silent default.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from cleaner.errors import ConfigError
from cleaner.rules import LANGS

PHRASE_KINDS = ("exact", "prefix", "contains", "regex")
TOP_KEYS = frozenset({"languages", "disable", "phrases", "domains", "limits", "thresholds"})
OVERLAY_KEYS = frozenset({"disable", "phrases", "thresholds"})

Phrases = Mapping[str, Mapping[str, tuple[str, ...]]]  # rule id -> kind (exact, prefix, ...) -> entries


@dataclass(frozen=True)
class Limits:
    """What one page may cost: bigger or slower pages are refused with a CleanerError."""

    max_input_chars: int = 20_000_000
    max_blocks: int = 50_000  # lines (or HTML blocks): far beyond any page; past it cleaning is a batch job
    timeout_s: float | None = None  # per page; checked between passes and inside segmentation's loops


@dataclass(frozen=True)
class DomainOverlay:
    """Settings that apply on top of the base config when the page's URL is on this domain."""

    disable: tuple[str, ...] = ()
    phrases: Phrases = field(default_factory=lambda: MappingProxyType({}))
    thresholds: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class CleanerConfig:
    """Everything that decides how pages are cleaned; the default is what ``cleaner.clean()`` uses."""

    languages: tuple[str, ...] = LANGS
    disable: tuple[str, ...] = ()
    phrases: Phrases = field(default_factory=lambda: MappingProxyType({}))
    domains: Mapping[str, DomainOverlay] = field(default_factory=lambda: MappingProxyType({}))
    limits: Limits = field(default_factory=Limits)
    thresholds: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], where: str = "config") -> CleanerConfig:
        """A config from parsed TOML (or any mapping); raises ConfigError naming the bad key."""
        _known(data, TOP_KEYS, where)
        domains = _table(data.get("domains", {}), f"{where}.domains")
        return cls(
            languages=_languages(data.get("languages", list(LANGS)), f"{where}.languages"),
            disable=_strings(data.get("disable", []), f"{where}.disable"),
            phrases=_phrases(data.get("phrases", {}), f"{where}.phrases"),
            domains=MappingProxyType({_domain(k): _overlay(v, f"{where}.domains.{k}") for k, v in domains.items()}),
            limits=_limits(data.get("limits", {}), f"{where}.limits"),
            thresholds=_thresholds(data.get("thresholds", {}), f"{where}.thresholds"),
        )

    def overlaid(self, domain: DomainOverlay) -> CleanerConfig:
        """This config with a domain's overlay applied (its rules off too, its phrases added)."""
        phrases = {k: dict(v) for k, v in self.phrases.items()}
        for rule_id, kinds in domain.phrases.items():
            for kind, entries in kinds.items():
                phrases.setdefault(rule_id, {})[kind] = (*phrases.get(rule_id, {}).get(kind, ()), *entries)
        return replace(
            self,
            disable=(*self.disable, *domain.disable),
            phrases=MappingProxyType({k: MappingProxyType(v) for k, v in phrases.items()}),
            thresholds=MappingProxyType({**self.thresholds, **domain.thresholds}),
            domains=MappingProxyType({}),
        )

    def domain_for(self, host: str | None) -> str | None:
        """The overlay domain a host falls under ("news.example.com" under "example.com"), most specific first."""
        if not host or not self.domains:
            return None
        host = host.lower().rstrip(".")
        parts = host.split(".")
        for k in range(len(parts) - 1):
            candidate = ".".join(parts[k:])
            if candidate in self.domains:
                return candidate
        return None


def load_config(path: str | Path) -> CleanerConfig:
    """A config from a TOML file: a cleaner config file, or a pyproject.toml's ``[tool.cleaner]``."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("cleaner", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.cleaner] must be a table")
    return CleanerConfig.from_mapping(data, where=path.name)


@functools.cache
def threshold_defaults() -> Mapping[str, float]:
    """The named thresholds a user may tune, with their shipped values (``rules/thresholds.toml``)."""
    text = resources.files("cleaner.rules").joinpath("thresholds.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text)
    return MappingProxyType({k: float(v["default"]) for k, v in table.items() if isinstance(v, dict)})


def _known(data: Mapping[str, object], keys: frozenset[str], where: str) -> None:
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where}: must be a table, not {type(data).__name__}")
    unknown = sorted(set(data) - keys)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(keys))})")


def _table(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: must be a table, not {type(value).__name__}")
    return value


def _strings(value: object, where: str) -> tuple[str, ...]:
    """A list of strings; a bare string is an error (``disable = "nav"`` would be four letters)."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: must be a list of strings, not {type(value).__name__} (write [\"...\"])")
    return tuple(value)


def _languages(value: object, where: str) -> tuple[str, ...]:
    langs = _strings(value, where)
    unknown = [lang for lang in langs if lang not in LANGS]
    if unknown or not langs:
        raise ConfigError(f"{where}: unknown language pack {unknown[:1] or '(none given)'} (packs: {', '.join(LANGS)})")
    return tuple(lang for lang in LANGS if lang in langs)  # pack order decides ties: keep the shipped order


def _phrases(value: object, where: str) -> Phrases:
    """Extra phrases per rule id: a list (whole-line phrases) or a table of kinds."""
    out: dict[str, Mapping[str, tuple[str, ...]]] = {}
    for rule_id, entry in _table(value, where).items():
        here = f"{where}.{rule_id!r}"
        if isinstance(entry, Mapping):
            _known(entry, frozenset(PHRASE_KINDS), here)
            kinds = {kind: _strings(v, f"{here}.{kind}") for kind, v in entry.items()}
        else:
            kinds = {"exact": _strings(entry, here)}
        out[rule_id] = MappingProxyType(kinds)
    return MappingProxyType(out)


def _domain(name: str) -> str:
    return name.lower().removeprefix("www.").rstrip(".")


def _overlay(value: object, where: str) -> DomainOverlay:
    data = _table(value, where)
    _known(data, OVERLAY_KEYS, where)
    return DomainOverlay(
        disable=_strings(data.get("disable", []), f"{where}.disable"),
        phrases=_phrases(data.get("phrases", {}), f"{where}.phrases"),
        thresholds=_thresholds(data.get("thresholds", {}), f"{where}.thresholds"),
    )


def _limits(value: object, where: str) -> Limits:
    data = _table(value, where)
    names = {f.name: f for f in fields(Limits)}
    _known(data, frozenset(names), where)
    out: dict[str, object] = {}
    for key, v in data.items():
        ok = isinstance(v, int | float) and not isinstance(v, bool) and v > 0
        if not ok or (key != "timeout_s" and not isinstance(v, int)):
            raise ConfigError(f"{where}.{key}: must be a positive {'number' if key == 'timeout_s' else 'integer'}, not {v!r}")
        out[key] = v
    return Limits(**out)  # type: ignore[arg-type]


def _thresholds(value: object, where: str) -> Mapping[str, float]:
    data = _table(value, where)
    known = threshold_defaults()
    _known(data, frozenset(known), where)
    out: dict[str, float] = {}
    for key, v in data.items():
        if not isinstance(v, int | float) or isinstance(v, bool):
            raise ConfigError(f"{where}.{key}: must be a number, not {v!r}")
        out[key] = float(v)
    return MappingProxyType(out)
