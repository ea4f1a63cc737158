"""A datatrove pipeline step that cleans each document's raw page (extra ``cleaner[datatrove]``).

>>> from datatrove.pipeline.readers import JsonlReader
>>> from cleaner.integrations.datatrove import CleanerStep
>>> pipeline = [JsonlReader("dumps/", text_key="html"), CleanerStep(time_limit_s=10), JsonlWriter("clean/")]

The document's text becomes the cleaned articles' text and its metadata gains the first article's
title, date, authors, site name and language. Like datatrove's extractors, a document that cleans
to nothing (or fails) is dropped unless ``keep_failed``; then it keeps its raw text and says why in
``metadata["cleaner_status"]``/``["cleaner_reason"]``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

from datatrove.pipeline.base import PipelineStep

from cleaner.config import CleanerConfig
from cleaner.etl import DEFAULT_MAX_BYTES, DEFAULT_TIME_LIMIT_S, Record, RecordResult, clean_many


class CleanerStep(PipelineStep):  # type: ignore[misc]
    """Clean ``doc.text`` (a text dump or HTML) with a ``clean_many`` pool over the whole stream."""

    name = "🧹 cleaner"
    type = "🛢 - EXTRAC"

    def __init__(
        self,
        *,
        workers: int = 1,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        max_bytes: int = DEFAULT_MAX_BYTES,
        config: CleanerConfig | None = None,
        keep_failed: bool = False,
    ) -> None:
        super().__init__()
        self.workers, self.time_limit_s, self.max_bytes = workers, time_limit_s, max_bytes
        self.config, self.keep_failed = config, keep_failed

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        """Documents in, cleaned documents out, in order."""
        waiting: deque[Any] = deque()

        def feed() -> Iterator[Record]:
            for doc in data:
                self.stat_update("total")
                waiting.append(doc)
                yield Record(doc.text or "", str(doc.id), doc.metadata.get("url"))

        results = clean_many(
            feed(), workers=self.workers, time_limit_s=self.time_limit_s, max_bytes=self.max_bytes,
            config=self.config, keep_blocks=False,
        )
        for r in results:
            doc = waiting.popleft()
            self.stat_update(r.status if r.status != "error" else f"error:{r.error_type}")
            if r.status == "ok" or self.keep_failed:
                annotate(doc, r)
                self.update_doc_stats(doc)
                self.stat_update("forwarded")
                yield doc


def annotate(doc: Any, r: RecordResult) -> None:
    """Put a result into a datatrove Document (text and metadata)."""
    arts = r.result.articles if r.result else ()
    doc.metadata["cleaner_status"] = r.status
    if r.status != "ok":
        doc.metadata["cleaner_reason"] = r.reason if r.status == "empty" else f"{r.error_type}: {r.error}"
        return
    doc.text = "\n\n".join(a.text for a in arts)
    first = arts[0]
    doc.metadata.update(
        {
            "title": first.title,
            "date": first.date or first.date_raw,
            "authors": list(first.authors),
            "sitename": first.sitename,
            "language": first.language,
            "n_articles": len(arts),
        }
    )
