"""What a build says it did: ``BuildReport``; and the record that lets a one-shot build
whose inputs did not change since the last one do nothing (`make build` then `make site`
regenerates once)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from generator.build.inputs import Inputs
from generator.build.store import LAST_BUILD, Store
from generator.build.write import WriteReport
from generator.config import switched_off
from generator.errors import Problem

if TYPE_CHECKING:
    from generator.build.state import BuildState


@dataclass
class BuildReport:
    articles: int = 0
    skipped: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # metadata errors and warnings
    notes: list[str] = field(default_factory=list)
    metadata_written: list[str] = field(default_factory=list)
    site: WriteReport = field(default_factory=WriteReport)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    # what the build read, as it stood before (with the build's own metadata writes):
    # the inputs a later build compares with its own (generator/build/inputs.py)
    inputs: Inputs | None = None
    unchanged: bool = False  # nothing had changed since the last one-shot build: nothing done
    # what the build leaves the next (build/state.py); a caller that builds again (`mkdocs
    # serve`) passes it back, one that exits at once (the command line) frees nothing
    state: BuildState | None = None

    def add(self, stage: Any) -> Any:
        """Take in what a stage says (its ``skipped``, ``problems``, ``notes`` and metadata
        files ``written``, those it has); give the stage's result back."""
        self.skipped += getattr(stage, "skipped", [])
        self.problems += getattr(stage, "problems", [])
        self.notes += getattr(stage, "notes", [])
        self.metadata_written += getattr(stage, "written", [])
        return stage

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def errors(self) -> list[Problem]:
        return self.skipped + [p for p in self.problems if p.level == "error"]


class Timer:
    """Seconds per stage: ``lap`` gives the time since the last lap (or since made)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        seconds, self.last = now - self.last, now
        return seconds


def unchanged_since_recorded(store: Store, key: tuple, inputs: Inputs) -> BuildReport | None:
    """The last one-shot build's report, if it was made with ``key`` from these inputs."""
    recorded = None if switched_off("last-build") else store.get(LAST_BUILD)
    if not (isinstance(recorded, dict) and recorded.get("key") == key and recorded.get("inputs") == inputs):
        return None
    report = recorded["report"]
    report.unchanged, report.inputs = True, inputs
    return report


def record(store: Store, key: tuple, report: BuildReport) -> None:
    """Record ``report`` as that of this key and inputs (part of the build's transaction)."""
    told = replace(report, metadata_written=[], inputs=None, state=None,
                   site=WriteReport(unchanged=len(report.site.written) + report.site.unchanged))
    store.put(LAST_BUILD, {"key": key, "inputs": report.inputs, "report": told})
