"""CleanerConfig, Cleaner and ``--config``: rules off, extra phrases per domain, clear errors."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

import cleaner
from cleaner import Cleaner, CleanerConfig, ConfigError, load_config

PROMO = "Harbour notes from the Otter desk"
BODY = [
    "The harbour authority said on Tuesday that the new breakwater will be finished by the end of the summer, "
    "two months later than planned, because of the storms in March.",
    "Work on the northern arm resumed this week, and the contractor expects the crane barges to leave in August "
    "once the last concrete blocks are placed on the seaward side.",
]
PAGE = "\n\n".join([PROMO, *BODY]) + "\n"
MENU_PAGE = "\n".join(["Home", "News", "Sport", "Weather", "Contact", "", *BODY]) + "\n"
CONFIG = f"""
disable = ["nav"]
[domains."example.com".phrases]
"promo.newsletter" = ["{PROMO}"]
"""


def texts(result: cleaner.CleanResult) -> str:
    return "\n\n".join(a.text for a in result.articles)


def test_domain_phrase_applies_only_on_that_domain(tmp_path: Path) -> None:
    path = tmp_path / "cleaner.toml"
    path.write_text(CONFIG, encoding="utf-8")
    engine = Cleaner(load_config(path))
    on_domain = engine.clean(PAGE, url="https://news.example.com/story")
    assert PROMO not in texts(on_domain)
    assert [r.rule for r in on_domain.removals] == ["promo.newsletter"]
    elsewhere = engine.clean(PAGE, url="https://other.org/story")
    assert texts(elsewhere).startswith(PROMO)
    assert PROMO in texts(engine.clean(PAGE))  # no URL: no domain


def test_disabled_namespace_keeps_the_menu() -> None:
    plain = cleaner.clean(MENU_PAGE)
    assert any(r.rule.startswith("nav.") for r in plain.removals)
    off = Cleaner(CleanerConfig(disable=("nav",))).clean(MENU_PAGE)
    assert not any(r.rule.startswith("nav.") for r in off.removals)


def test_two_configs_in_one_process_do_not_share_answers() -> None:
    """The extra phrase of one cleaner never leaks into another's cached line lookups."""
    with_phrase = Cleaner(CleanerConfig.from_mapping({"phrases": {"promo.newsletter": [PROMO]}}))
    plain = Cleaner()
    for _ in range(2):
        assert PROMO not in texts(with_phrase.clean(PAGE))
        assert PROMO in texts(plain.clean(PAGE))


def test_threads_each_keep_their_config() -> None:
    with_phrase = Cleaner(CleanerConfig.from_mapping({"phrases": {"promo.newsletter": [PROMO]}}))
    plain = Cleaner()
    seen: list[bool] = []

    def work(engine: Cleaner, expect: bool) -> None:
        seen.extend((PROMO in texts(engine.clean(PAGE))) == expect for _ in range(20))

    threads = [threading.Thread(target=work, args=(with_phrase, False)), threading.Thread(target=work, args=(plain, True))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen and all(seen)


def test_pyproject_tool_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n[tool.cleaner]\ndisable = ["nav"]\nlanguages = ["en", "de"]\n', encoding="utf-8")
    config = load_config(path)
    assert config.disable == ("nav",)
    assert config.languages == ("en", "de")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"disable": "nav"}, "disable: must be a list of strings"),
        ({"disabel": ["nav"]}, "unknown key 'disabel'"),
        ({"languages": ["xx"]}, "unknown language pack"),
        ({"limits": {"timeout_s": "fast"}}, "limits.timeout_s: must be a positive number"),
        ({"limits": {"max_blocks": 2.5}}, "limits.max_blocks: must be a positive integer"),
        ({"thresholds": {"no.such": 3}}, "unknown key 'no.such'"),
        ({"domains": {"example.com": {"phrases": {"promo.newsletter": "x"}}}}, "domains.example.com.phrases"),
    ],
)
def test_bad_config_is_one_message_naming_the_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace(".", r"\.").replace("(", r"\(")):
        CleanerConfig.from_mapping(data)


def test_unknown_rule_ids_are_refused() -> None:
    with pytest.raises(ConfigError, match=r"no\.such-rule"):
        Cleaner(CleanerConfig(disable=("no.such-rule",)))
    with pytest.raises(ConfigError, match=r"promo\.nope"):
        Cleaner(CleanerConfig.from_mapping({"phrases": {"promo.nope": ["x"]}}))


@pytest.mark.parametrize("source", ["(a+)+b", "(x"])
def test_a_config_pattern_failing_the_linear_time_check_names_its_key(source: str) -> None:
    """Shipped patterns are proven by tests/test_patterns.py; a config's are checked at load."""
    with pytest.raises(ConfigError, match=r"phrases\.nav\.breadcrumb\.regex: pattern"):
        Cleaner(CleanerConfig.from_mapping({"phrases": {"nav.breadcrumb": {"regex": [source]}}}))


def test_limits_from_config() -> None:
    with pytest.raises(cleaner.InputTooLargeError):
        Cleaner(CleanerConfig.from_mapping({"limits": {"max_input_chars": 100}})).clean(PAGE)
    with pytest.raises(cleaner.InputTooLargeError):
        Cleaner(CleanerConfig.from_mapping({"limits": {"max_blocks": 2}})).clean(PAGE)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, text=True, timeout=60)


def test_cli_config_disables_a_rule_and_adds_a_domain_phrase(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "menu.txt").write_text(MENU_PAGE, encoding="utf-8")
    conf = str(tmp_path / "cleaner.toml")
    on = cli("--config", conf, "--url", "https://www.example.com/a", "--explain", str(tmp_path / "page.txt"))
    assert on.returncode == 0, on.stderr
    assert "promo.newsletter" in on.stdout
    off = cli("--config", conf, "--explain", str(tmp_path / "page.txt"))
    assert "promo.newsletter" not in off.stdout
    plain = cli("--explain", str(tmp_path / "menu.txt"))
    assert "nav." in plain.stdout
    menu = cli("--config", conf, "--explain", str(tmp_path / "menu.txt"))
    assert menu.returncode == 0, menu.stderr
    assert "nav." not in menu.stdout  # nav is off: no nav rule removed the menu


def test_cli_bad_key_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('disable = "nav"\n', encoding="utf-8")
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    done = cli("--config", str(tmp_path / "bad.toml"), str(tmp_path / "page.txt"))
    assert done.returncode == 2
    assert "bad.toml.disable: must be a list of strings" in done.stderr
    assert done.stdout == ""


def test_the_documented_example_config_compiles() -> None:
    """docs/config.md's example stays a config that loads and compiles."""
    import re
    import tomllib

    doc = (Path(__file__).resolve().parent.parent / "docs" / "config.md").read_text(encoding="utf-8")
    match = re.search(r"```toml\n(.*?)```", doc, re.S)
    assert match is not None
    config = CleanerConfig.from_mapping(tomllib.loads(match.group(1)))
    assert config.limits.timeout_s == 10.0
    assert "example.com" in config.domains
    Cleaner(config)


def test_a_named_threshold_from_the_config_is_in_force() -> None:
    """`phrases.guard_words`: a phrase match in a line up to this many words is a widget wherever
    it stands (16 words, default 20: removed); lowered to 1, the same line between two prose
    paragraphs is read as the story's sentence and kept."""
    prose = BODY[0]
    line = "Sign up for our newsletter to get the harbour news every week, the council's spokesperson said."
    page = "\n".join([prose, line, BODY[1]]) + "\n"
    plain = cleaner.clean(page)
    strict = Cleaner(CleanerConfig.from_mapping({"thresholds": {"phrases.guard_words": 1}})).clean(page)
    assert [r.rule for r in plain.removals] == ["promo.newsletter"]
    assert line not in texts(plain)
    assert line in texts(strict)
