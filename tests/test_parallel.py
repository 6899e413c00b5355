"""The cycle collector of a long-running process (`mkdocs serve`): what survives a build is
frozen, cycles are still collected."""

import gc
import weakref

import pytest

from generator.build import parallel
from generator.build.parallel import FULL_EVERY, collect_and_freeze, collector_paused


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def fresh_collector():
    was = gc.isenabled()
    gc.unfreeze()
    parallel._CALLS["n"] = 0
    yield
    gc.unfreeze()
    parallel._CALLS["n"] = 0
    if was:
        gc.enable()


def test_survivors_are_frozen_and_new_cycles_still_collected(fresh_collector) -> None:
    kept = [Node() for _ in range(100)]
    assert collect_and_freeze() is True  # the first call is a full one
    frozen = gc.get_freeze_count()
    assert frozen >= len(kept)
    dropped = Node()
    gone = weakref.ref(dropped)
    del dropped
    assert collect_and_freeze() is False
    assert gone() is None  # made after the freeze: collected by the next call
    assert all(isinstance(n, Node) for n in kept)


def test_a_frozen_cycle_waits_for_the_next_full_collection(fresh_collector) -> None:
    old = Node()
    gone = weakref.ref(old)
    collect_and_freeze()  # full; ``old`` is still used, so frozen
    del old
    for _ in range(FULL_EVERY - 1):
        assert collect_and_freeze() is False
        assert gone() is not None  # frozen: young collections do not walk it
    assert collect_and_freeze() is True
    assert gone() is None


def test_collector_paused_nests_and_restores() -> None:
    gc.enable()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner one leaves it as it found it
    assert gc.isenabled()
