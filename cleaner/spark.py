"""Clean a Spark DataFrame of raw pages with ``DataFrame.mapInPandas`` (extra ``cleaner[spark]``).

>>> from cleaner.spark import clean_dataframe
>>> cleaned = clean_dataframe(spark.read.json("pages.jsonl"), column="html", id_column="id")

Each Python worker of Spark runs one ``clean_many`` pool for its whole partition, so the same
limits hold as on the command line: a page past ``time_limit_s`` has its cleaning process killed and
comes back with ``status`` "error", and the job goes on.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from cleaner.config import CleanerConfig
from cleaner.etl import DEFAULT_MAX_BYTES, DEFAULT_TIME_LIMIT_S, Record, RecordResult, clean_many

# The columns added to the input's, in order (Spark DDL types).
COLUMNS = (
    ("status", "string"),
    ("reason", "string"),
    ("error_type", "string"),
    ("error", "string"),
    ("kind", "string"),
    ("n_articles", "int"),
    ("title", "string"),
    ("text", "string"),
    ("date", "string"),
    ("date_raw", "string"),
    ("authors", "array<string>"),
    ("sitename", "string"),
    ("publisher", "string"),
    ("categories", "array<string>"),
    ("language", "string"),
    ("articles_json", "string"),
)

Mapper = Callable[[Iterator[Any]], Iterator[Any]]


def output_schema(input_schema: Any) -> Any:
    """The input's schema with the cleaned columns appended (a column of the same name is replaced)."""
    from pyspark.sql.types import StructType, _parse_datatype_string

    names = {name for name, _ in COLUMNS}
    fields = [f for f in input_schema.fields if f.name not in names]
    out = StructType(fields)
    for name, ddl in COLUMNS:
        out = out.add(name, _parse_datatype_string(ddl), nullable=True)
    return out


def row_of(r: RecordResult) -> dict[str, object]:
    """The cleaned columns of one result: the first article's metadata, every article's text."""
    arts = r.result.articles if r.result else ()
    first = arts[0] if arts else None
    return {
        "status": r.status,
        "reason": r.reason,
        "error_type": r.error_type,
        "error": r.error,
        "kind": r.result.kind if r.result else None,
        "n_articles": len(arts),
        "title": first.title if first else None,
        "text": "\n\n".join(a.text for a in arts) if arts else None,
        "date": first.date if first else None,
        "date_raw": first.date_raw if first else None,
        "authors": list(first.authors) if first else [],
        "sitename": first.sitename if first else None,
        "publisher": first.publisher if first else None,
        "categories": list(first.categories) if first else [],
        "language": first.language if first else None,
        "articles_json": json.dumps([a.to_dict() for a in arts], ensure_ascii=False) if arts else None,
    }


def _records(frame: Any, column: str, id_column: str | None, url_column: str | None) -> Iterator[Record]:
    ids = frame[id_column] if id_column else [None] * len(frame)
    urls = frame[url_column] if url_column else [None] * len(frame)
    for raw, rid, url in zip(frame[column], ids, urls, strict=True):
        ident = None if rid is None else str(rid)
        link = url if isinstance(url, str) else None
        if isinstance(raw, str | bytes | bytearray):
            yield Record(bytes(raw) if isinstance(raw, bytearray) else raw, ident, link)
        else:
            yield Record(b"", ident, link, None, "InvalidRecord", f"column {column!r} holds no page")


def _frame(frame: Any, results: list[RecordResult]) -> Any:
    import pandas as pd

    extra = pd.DataFrame([row_of(r) for r in results], index=frame.index, columns=[n for n, _ in COLUMNS])
    extra["n_articles"] = extra["n_articles"].astype("int32")
    return pd.concat([frame.drop(columns=[c for c in extra.columns if c in frame.columns]), extra], axis=1)


def clean_partition(
    column: str = "html",
    *,
    id_column: str | None = None,
    url_column: str | None = None,
    workers: int = 1,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    max_bytes: int = DEFAULT_MAX_BYTES,
    config: CleanerConfig | None = None,
) -> Mapper:
    """The function to give ``DataFrame.mapInPandas``: pandas batches in, the same rows with the
    cleaned columns out, one ``clean_many`` pool per partition."""

    def mapper(batches: Iterator[Any]) -> Iterator[Any]:
        pending: deque[Any] = deque()

        def feed() -> Iterator[Record]:
            for frame in batches:
                pending.append(frame)
                yield from _records(frame, column, id_column, url_column)

        results = clean_many(
            feed(), workers=workers, time_limit_s=time_limit_s, max_bytes=max_bytes, config=config, keep_blocks=False
        )
        done: list[RecordResult] = []
        for r in results:
            done.append(r)
            while pending and len(done) >= len(pending[0]):
                frame = pending.popleft()
                yield _frame(frame, done[: len(frame)])
                done = done[len(frame) :]
        while pending:  # empty batches after the last record
            yield _frame(pending.popleft(), [])

    return mapper


def clean_dataframe(df: Any, column: str = "html", **options: Any) -> Any:
    """``df`` with the cleaned columns added (lazy, like any Spark transformation)."""
    return df.mapInPandas(clean_partition(column, **options), output_schema(df.schema))
