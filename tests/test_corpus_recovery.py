"""An ingest killed half-way (SIGKILL: no chance to clean up) leaves only whole articles, and
running it again finishes the job without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from onrecord.corpus import Corpus
from onrecord.corpus.store import ARTICLES, ATTRIBUTIONS, SPANS, open_engine

#: Enough that the run lasts well past the first stored articles, however quick storing gets.
ARTICLE_COUNT = 40
STATEMENTS = 100

#: A child process ingesting articles big enough that a kill most likely lands inside a
#: transaction; each statement is a direct quote with a cue, so it has two spans.
INGEST = f"""
import sys
from onrecord.corpus import Corpus
from onrecord.records import Article, Attribution, Span, Speaker

def article(n):
    lines, attributions = [], []
    offset = 0
    for i in range({STATEMENTS}):
        quote = " ".join(f"word{{n}}x{{i}}x{{k}}" for k in range(8))
        line = f"“{{quote}},” Minister Number{{i % 5}} said.\\n"
        cue = offset + line.index("said")
        attributions.append(Attribution(
            f"a{{i}}", "direct", [Span(offset + 1, offset + 1 + len(quote), quote)],
            cue=Span(cue, cue + 4, "said"), speaker_id=f"s{{i % 5}}"))
        lines.append(line)
        offset += len(line)
    speakers = [Speaker(f"s{{k}}", f"Alex Number{{k}}") for k in range(5)]
    return Article(text="".join(lines), speakers=speakers, attributions=attributions,
                   origin=f"article-{{n}}")

report = Corpus(sys.argv[1]).ingest(article(n) for n in range({ARTICLE_COUNT}))
print(len(report.ingested), len(report.skipped))
"""


def _counts(url: str) -> tuple[int, int, int]:
    with Corpus(url) as corpus, corpus.engine.connect() as connection:
        return tuple(
            connection.scalar(select(func.count()).select_from(table)) or 0
            for table in (ARTICLES, ATTRIBUTIONS, SPANS)
        )


def _stored(url: str) -> int:
    """Articles stored so far, read with the store's engine alone: watching must be quick."""
    engine = open_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(ARTICLES)) or 0
    finally:
        engine.dispose()


def _run_ingest(url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", INGEST, url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_an_ingest_killed_half_way_leaves_whole_articles_and_resumes_without_duplicates(db_url):
    Corpus(db_url).close()  # the schema exists before the race starts
    child = _run_ingest(db_url)
    deadline = time.monotonic() + 60
    while _stored(db_url) < 3 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    articles, attributions, spans = _counts(db_url)
    assert 3 <= articles < ARTICLE_COUNT, "the kill should land half-way through the run"
    assert (attributions, spans) == (articles * STATEMENTS, articles * STATEMENTS * 2)

    resumed = _run_ingest(db_url)
    out, _ = resumed.communicate(timeout=120)
    assert resumed.returncode == 0
    assert out.split() == [str(ARTICLE_COUNT - articles), str(articles)]  # ingested, skipped
    assert _counts(db_url) == (
        ARTICLE_COUNT,
        ARTICLE_COUNT * STATEMENTS,
        ARTICLE_COUNT * STATEMENTS * 2,
    )
