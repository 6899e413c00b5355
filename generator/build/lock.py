"""One build at a time per project: a lock file in site_src/.state/."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from filelock import FileLock, Timeout

from generator.build.parallel import collector_paused
from generator.config import Settings, env_number
from generator.errors import LockedError

LOCK_TIMEOUT_S = env_number("BRIEFING_LOCK_TIMEOUT", 60.0)


@contextmanager
def build_lock(settings: Settings) -> Iterator[None]:
    """Hold the project's build lock (waiting up to ``BRIEFING_LOCK_TIMEOUT`` seconds for
    another build to end), with the cycle collector paused: a build makes millions of
    objects, and beside every article's extraction a long-running process keeps they set
    off full collections."""
    settings.state.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.state / "build.lock"), timeout=LOCK_TIMEOUT_S)
    try:
        lock.acquire()
    except Timeout:
        raise LockedError(
            f"another build is running in {settings.root} (lock: {settings.state / 'build.lock'}); "
            f"waited {LOCK_TIMEOUT_S:g} s (BRIEFING_LOCK_TIMEOUT)"
        ) from None
    try:
        with collector_paused():
            yield
    finally:
        lock.release()
