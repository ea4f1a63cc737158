"""cleaner.spark in Spark local mode: a DataFrame of raw pages gets its cleaned columns, and a
page past the time limit (test hook) or that is no page is an error row while the job goes on."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")
pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from cleaner import clean  # noqa: E402
from cleaner.etl.worker import HOOK_ENV, HOOK_PREFIX  # noqa: E402
from cleaner.spark import COLUMNS, clean_dataframe  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEMO = (REPO / "fixtures" / "demo_listing" / "input.txt").read_text(encoding="utf-8")
ARTICLE = (
    "Eastcombe Gazette\nHome\nNews\nHarbour wall repairs begin in Eastcombe\nBy Jane Tester\n"
    "Work to repair the harbour wall at Eastcombe began on Monday, more than four months after a series of winter "
    "storms tore a hole in its seaward face.\nThe council expects the work to cost about two million pounds.\nTerms\nPrivacy"
)


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java: Spark cannot start")
    from pyspark.sql import SparkSession

    os.environ[HOOK_ENV] = "1"  # read by clean_many in Spark's Python workers, which inherit it
    # Spark's Python workers run `python3` from PATH unless told: outside an activated venv that is
    # a Python without cleaner or pyarrow. The job must run where the test runs.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("cleaner-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.executorEnv." + HOOK_ENV, "1")
        .getOrCreate()
    )
    yield session
    session.stop()
    os.environ.pop(HOOK_ENV, None)


def test_mapinpandas_adds_cleaned_columns(spark: object) -> None:
    rows = [
        ("demo", DEMO, None),
        ("article", ARTICLE, "https://gazette.example.org/harbour"),
        ("sleepy", HOOK_PREFIX.decode() + "sleep:30", None),
        ("none", None, None),
        ("blank", "", None),
    ]
    df = spark.createDataFrame(rows, "id string, html string, url string").repartition(2)  # type: ignore[attr-defined]
    out = clean_dataframe(df, "html", id_column="id", url_column="url", time_limit_s=3.0)
    assert out.columns[:3] == ["id", "html", "url"]
    assert out.columns[3:] == [name for name, _ in COLUMNS]
    got = {r["id"]: r for r in out.collect()}
    assert set(got) == {"demo", "article", "sleepy", "none", "blank"}
    demo = clean(DEMO)
    assert got["demo"]["status"] == "ok"
    assert got["demo"]["n_articles"] == len(demo.articles) == 4
    assert got["demo"]["title"] == demo.articles[0].title
    assert got["demo"]["text"] == "\n\n".join(a.text for a in demo.articles)
    assert got["article"]["status"] == "ok"
    assert got["article"]["title"] == "Harbour wall repairs begin in Eastcombe"
    assert got["article"]["authors"] == ["Jane Tester"]
    assert got["article"]["sitename"] == clean(ARTICLE, url="https://gazette.example.org/harbour").articles[0].sitename
    assert (got["sleepy"]["status"], got["sleepy"]["error_type"]) == ("error", "CleanTimeoutError")
    assert (got["none"]["status"], got["none"]["error_type"]) == ("error", "InvalidRecord")
    assert got["blank"]["status"] == "empty"
    assert got["blank"]["reason"]
