"""Reference data kept in the process: read on nearly every request, changed a few times a year.

The tariff amounts and practice prices of a code (billing/prices.py) and the days an organisation
plans per step (planning/selectors.py) are the same for every case of that code or organisation, yet
each page and API answer of a case asks for them. A `ReferenceCache` keeps what was read for
`TM_REFERENCE_CACHE_SECONDS` (60; 0 turns it off). A change saved through the ORM empties the caches of
the model's app in the saving process at once and again when its transaction commits (so a request
that read the old rows in between does not keep them); other processes see it within that time.
Nothing about a patient is ever kept here.
"""

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction

# Entries per cache before it starts afresh: codes times organisations times days, so a bound rarely reached.
MAX_ENTRIES = 4096

_CACHES: list["ReferenceCache"] = []


class ReferenceCache:
    """Values by key, each kept for the configured seconds; `get` loads a missing or stale one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        _CACHES.append(self)

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        seconds = getattr(settings, "TM_REFERENCE_CACHE_SECONDS", 60)
        if seconds <= 0:
            return load()
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = load()
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (now + seconds, value)
        return value

    def get_many(
        self, keys: Iterable[Hashable], load: Callable[[list[Hashable]], dict[Hashable, Any]]
    ) -> dict[Hashable, Any]:
        """The values of `keys`; the missing or stale ones loaded together by one call of `load`, which
        answers a value for each key it is given."""
        keys = list(dict.fromkeys(keys))
        seconds = getattr(settings, "TM_REFERENCE_CACHE_SECONDS", 60)
        if seconds <= 0:
            return load(keys) if keys else {}
        now = time.monotonic()
        found: dict[Hashable, Any] = {}
        for key in keys:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > now:
                found[key] = entry[1]
        missing = [key for key in keys if key not in found]
        if missing:
            loaded = load(missing)
            with self._lock:
                if len(self._entries) + len(missing) > MAX_ENTRIES:
                    self._entries.clear()
                for key in missing:
                    self._entries[key] = (now + seconds, loaded[key])
            found |= {key: loaded[key] for key in missing}
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def clear_all() -> None:
    """Empty every reference cache (a change to reference data; a test starting afresh)."""
    for cache in _CACHES:
        cache.clear()


def clear_on_change(cache: ReferenceCache) -> Callable[..., None]:
    """A post_save / post_delete receiver that empties `cache` now and when the transaction commits."""

    def receiver(**_kwargs: Any) -> None:
        cache.clear()
        transaction.on_commit(cache.clear)

    return receiver
