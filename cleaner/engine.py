"""A :class:`Cleaner`: a config compiled once into the rule sets it cleans with.

``Cleaner(config).clean(raw)`` makes the config's rule set and deadline active for the length of
the call (context variables: two cleaners in one process, or in two threads, never share an
answer) and runs the pipeline's stages. A domain overlay compiles to a cleaner of its own the
first time a page of that domain is seen. :func:`clean` is the one-call form with a default config.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from cleaner import deadline, tuning
from cleaner.config import CleanerConfig, Limits, threshold_defaults
from cleaner.errors import ConfigError
from cleaner.metadata import url_host
from cleaner.model import CleanResult
from cleaner.pipeline import Settings, rule_ids, run
from cleaner.rules import RuleSet, activate, deactivate, default_ruleset, ruleset

MAX_COMPILED = 64  # distinct rule sets kept per process (configs and domain overlays): memory stays bounded


class Cleaner:
    """Cleans pages with one configuration; build it once and reuse it for every page."""

    def __init__(self, config: CleanerConfig | None = None) -> None:
        self.config = config or CleanerConfig()
        self._rules = _compile(self.config.languages, _phrase_key(self.config.phrases))
        self._settings = _settings(self.config)
        self._thresholds = MappingProxyType({**threshold_defaults(), **self.config.thresholds})
        self._overlays: dict[str, Cleaner] = {}

    def clean(
        self, raw: str | bytes, *, url: str | None = None, now: dt.datetime | None = None, input_format: str = "auto"
    ) -> CleanResult:
        """Clean one page (text dump or HTML, str or bytes) into articles with metadata.

        Raises only :class:`cleaner.errors.CleanerError` subclasses (undecodable or too large input,
        longer than the config's timeout); a page with no article is an ``empty`` result saying why.
        """
        overlay = self.config.domain_for(url_host(url))
        if overlay is not None:
            return self._overlay(overlay).clean(raw, url=url, now=now, input_format=input_format)
        rules_token = activate(self._rules)
        tuning_token = tuning.use(self._thresholds)
        deadline_token = deadline.start(self.config.limits.timeout_s)
        try:
            return run(raw, self._settings, url, now, input_format)
        finally:
            deadline.stop(deadline_token)
            tuning.reset(tuning_token)
            deactivate(rules_token)

    def warm(self) -> Cleaner:
        """Compile every pattern before the first page (batch workers call this once), so the
        first page's deadline measures cleaning, not compiling. Returns the cleaner."""
        self._rules.warm()
        return self

    def _overlay(self, domain: str) -> Cleaner:
        """The cleaner for pages of ``domain``, compiled on first use."""
        found = self._overlays.get(domain)
        if found is None:
            found = self._overlays[domain] = Cleaner(self.config.overlaid(self.config.domains[domain]))
        return found


PhraseKey = tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]


def _phrase_key(phrases: Mapping[str, Mapping[str, tuple[str, ...]]]) -> PhraseKey:
    """A config's extra phrases as a hashable key, so equal configs share one compiled rule set."""
    return tuple(sorted((rule_id, tuple(sorted(kinds.items()))) for rule_id, kinds in phrases.items()))


@functools.lru_cache(maxsize=MAX_COMPILED)
def _compile(langs: tuple[str, ...], phrases: PhraseKey) -> RuleSet:
    """The rule set of a language choice and extra phrases; the default one is shared."""
    if not phrases and langs == default_ruleset().langs:
        return default_ruleset()
    known = frozenset(ruleset())
    for rule_id, _ in phrases:
        if rule_id not in known:
            raise ConfigError(f"phrases: unknown rule id {rule_id!r} (see `cleaner --rules`)")
    extra = {rule_id: {kind: list(entries) for kind, entries in kinds} for rule_id, kinds in phrases}
    try:
        return RuleSet(langs, extra)
    except ConfigError:
        raise
    except Exception as exc:  # a pattern that does not compile (regex.error / re.error)
        raise ConfigError(f"phrases: a pattern does not compile: {exc}") from exc


def _settings(config: CleanerConfig) -> Settings:
    """The stages' settings; every disabled id must name a rule or a namespace."""
    ids = rule_ids()
    namespaces = {r.split(".", 1)[0] for r in ids}
    for name in config.disable:
        if name not in ids and name not in namespaces:
            raise ConfigError(f"disable: unknown rule id or namespace {name!r} (see `cleaner --rules`)")
    return Settings(disabled=frozenset(config.disable), limits=config.limits)


@dataclass(frozen=True)
class _Key:
    """What the one-call :func:`clean` varies per call: cleaners are cached on it."""

    disable: tuple[str, ...]
    timeout: float | None


@functools.lru_cache(maxsize=MAX_COMPILED)
def _default_cleaner(key: _Key) -> Cleaner:
    return Cleaner(replace(CleanerConfig(), disable=key.disable, limits=Limits(timeout_s=key.timeout)))


def clean(
    raw: str | bytes,
    *,
    url: str | None = None,
    now: dt.datetime | None = None,
    input_format: str = "auto",
    disable: Iterable[str] = (),
    timeout: float | None = None,
    config: CleanerConfig | None = None,
) -> CleanResult:
    """Clean a raw page (text dump or HTML, str or bytes) into articles with metadata.

    ``disable`` (rule ids or namespaces) and ``timeout`` (seconds) are shortcuts for a config;
    with ``config`` given they add to it. Raises only :class:`cleaner.errors.CleanerError`
    subclasses; a page with no article comes back as an ``empty`` result whose warnings say why.
    """
    if isinstance(disable, str):
        raise ConfigError(f"disable: must be a list of rule ids, not the string {disable!r} (write [{disable!r}])")
    if config is None:
        cleaner = _default_cleaner(_Key(tuple(sorted(set(disable))), timeout))
    else:
        limits = config.limits if timeout is None else replace(config.limits, timeout_s=timeout)
        cleaner = Cleaner(replace(config, disable=(*config.disable, *disable), limits=limits))
    return cleaner.clean(raw, url=url, now=now, input_format=input_format)
