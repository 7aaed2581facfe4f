"""Follow feeds: poll each on its own schedule, ingest only new items, keep going through
feeds that are down or malformed, stop cleanly and resume where it was.

State lives in the database (``feeds``, ``feed_items``): an item is queued as pending in the
same transaction that records the poll, and marked done once its document is stored, so a
stop at any point (Ctrl-C, kill -9) loses nothing and repeats at most the items in flight.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from newsblotter.engine.records import IngestReport
from newsblotter.ingest.feeds import FeedError, FeedItem, parse_feed
from newsblotter.ingest.fetch import Fetched, Fetcher
from newsblotter.ingest.sources import Item, read_units
from newsblotter.recovery import stale
from newsblotter.store.sources import Feed, PendingItem, SourceStore

if TYPE_CHECKING:
    from newsblotter.pipeline import Pipeline

_MAX_CHILD_SITEMAPS = 20  # per poll of a sitemap index: bounds one poll's work
_MAX_BACKOFF_S = 86_400  # a failing feed is retried at least daily
_MAX_WAIT_S = 60.0  # the loop wakes at least this often to look for new feeds
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*(\d+)", re.IGNORECASE)

Event = Callable[[str], None]


@dataclass
class PollReport:
    """One cycle of the watch loop."""

    polled: int = 0
    failed: int = 0
    new_items: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    ingest: IngestReport | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def cache_lifetime(headers: dict[str, str], now: dt.datetime) -> int | None:
    """Seconds the response says it stays fresh (Cache-Control max-age, else Expires)."""
    control = headers.get("cache-control", "")
    if "no-store" in control.lower() or "no-cache" in control.lower():
        return None
    match = _MAX_AGE.search(control)
    if match:
        return int(match.group(1))
    expires = headers.get("expires")
    if expires:
        try:
            when = email.utils.parsedate_to_datetime(expires)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return max(0, int((when - now).total_seconds()))
    return None


def next_poll(
    feed: Feed, now: dt.datetime, fetched: Fetched | None, hint: int | None
) -> dt.datetime:
    """The feed's interval, lengthened by the publisher's ttl and the response's freshness
    (never polled sooner than they ask), capped at a day."""
    wait = feed.interval_s
    if hint:
        wait = max(wait, hint)
    if fetched is not None:
        wait = max(wait, cache_lifetime(fetched.headers, now) or 0)
    return now + dt.timedelta(seconds=min(wait, _MAX_BACKOFF_S))


def backoff(feed: Feed, now: dt.datetime) -> dt.datetime:
    """After ``feed.failures`` failures in a row (this one included), wait longer each time."""
    wait = min(_MAX_BACKOFF_S, feed.interval_s * 2 ** min(feed.failures, 10))
    return now + dt.timedelta(seconds=wait)


class Watcher:
    """Polls the database's feeds and ingests their new items through a Pipeline."""

    def __init__(
        self,
        pipeline: Pipeline,
        fetcher: Fetcher | None = None,
        workers: int = 1,
        on_event: Event | None = None,
        after_ingest: Callable[[], None] | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.after_ingest = after_ingest
        self.store = SourceStore(pipeline.db)
        self.fetcher = fetcher or Fetcher(pipeline.settings, self.store)
        self.workers = workers
        self.last: PollReport | None = None  # the latest cycle
        self._say: Event = on_event or (lambda _message: None)

    # -- polling ------------------------------------------------------------------------

    def poll(self, feed: Feed, now: dt.datetime | None = None) -> tuple[int, str | None]:
        """Poll one feed: ``(new items, error)``. Never raises for a bad feed."""
        moment = now or _now()
        fetched = self.fetcher.fetch(feed.url, kind="feed", known=(feed.etag, feed.last_modified))
        if fetched.not_modified:
            self.store.feed_polled(feed.url, next_poll_at=next_poll(feed, moment, fetched, None))
            return 0, None
        doc = fetched.doc
        error = fetched.error if doc is None or doc.status != "ok" else None
        if error is None and doc is not None:
            try:
                parsed = parse_feed(doc.content, feed.url)
            except FeedError as exc:
                error = f"{feed.url}: {exc}"
            else:
                items = parsed.items + self._children(parsed.children)
                new = self.store.feed_polled(
                    feed.url,
                    next_poll_at=next_poll(feed, moment, fetched, parsed.interval_s),
                    etag=fetched.etag,
                    last_modified=fetched.last_modified,
                    title=parsed.title,
                    items=[(i.key, i.url) for i in items],
                )
                return new, None
        retry = backoff(replace(feed, failures=feed.failures + 1), moment)
        self.store.feed_polled(feed.url, next_poll_at=retry, error=error or "failed")
        return 0, error

    def _children(self, urls: list[str]) -> list[FeedItem]:
        items: list[FeedItem] = []
        for url in urls[:_MAX_CHILD_SITEMAPS]:
            fetched = self.fetcher.fetch(url, kind="feed", conditional=False)
            if fetched.doc is None or fetched.doc.status != "ok":
                self._say(f"sitemap failed: {fetched.error}")
                continue
            try:
                items.extend(parse_feed(fetched.doc.content, url).items)
            except FeedError as exc:
                self._say(f"sitemap failed: {url}: {exc}")
        return items

    # -- ingesting ------------------------------------------------------------------------

    def _pending_items(self, pending: list[PendingItem], stop: threading.Event) -> Iterator[Item]:
        by_url = {p.url: p for p in pending}
        units = (p.url for p in pending if not stop.is_set())
        for item in read_units("feeds", units, self.pipeline.settings, self.fetcher, set()):
            yield Item(by_url[item.key].feed, item.key, item.outcome, item.fetched)

    def ingest_pending(self, stop: threading.Event) -> IngestReport:
        """Fetch and ingest every pending item (across feeds) until done or ``stop``."""
        report = IngestReport()
        pending = self.store.pending_items()
        by_key = {(p.feed, p.url): p for p in pending}
        if not pending:
            return report
        done_iter = self.pipeline.process(
            self._pending_items(pending, stop), self.workers, self.store
        )
        try:
            for done in done_iter:
                report.add(done)
                item = by_key[(done.source, done.key)]
                state = "failed" if done.outcome == "failed" else "done"
                self.store.finish_item(item, state, done.document)
                if done.outcome == "failed":
                    self._say(f"failed: {done.error}")
                if stop.is_set():
                    break
        finally:
            done_iter.close()
        return report

    # -- the loop ---------------------------------------------------------------------------

    def cycle(self, stop: threading.Event) -> PollReport:
        """Poll every due feed, then ingest what is pending (including items left over by an
        interrupted run)."""
        report = self.last = PollReport()
        for feed in self.store.due_feeds():
            if stop.is_set():
                break
            new, error = self.poll(feed)
            report.polled += 1
            report.new_items += new
            if error is not None:
                report.failed += 1
                report.errors.append((feed.url, error))
                self._say(f"feed failed: {error}")
            elif new:
                self._say(f"{feed.url}: {new} new item(s)")
        if not stop.is_set():
            report.ingest = self.ingest_pending(stop)
            if report.ingest.ingested or stale(self.pipeline.db):  # or a run cut short
                self.pipeline.rebuild_incidents()
                if self.after_ingest is not None:
                    self.after_ingest()  # e.g. evaluate the alert rules on what just arrived
        return report

    def run(self, stop: threading.Event, max_cycles: int | None = None) -> int:
        """Cycle until ``stop`` is set (or ``max_cycles``); returns the cycles run."""
        cycles = 0
        while not stop.is_set():
            result = self.cycle(stop)
            cycles += 1
            if result.ingest is not None and (result.ingest.ingested or result.ingest.failed):
                self._say(result.ingest.summary())
            if max_cycles is not None and cycles >= max_cycles:
                break
            due = self.store.next_due()
            wait = _MAX_WAIT_S if due is None else (due - _now()).total_seconds()
            stop.wait(min(_MAX_WAIT_S, max(0.0, wait)))
        return cycles

    def close(self) -> None:
        self.fetcher.close()
