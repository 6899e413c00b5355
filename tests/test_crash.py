"""Builds killed at random moments (kill -9) and builds run at once never leave a file
half-written; the next build repairs any mix of old and new."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from conftest import copy_project

pytestmark = pytest.mark.e2e
EPOCH = "1795305600"
NEW_ARTICLE = ("كيم يزور فلاديفوستوك مجددا\nوصل الزعيم الكوري الشمالي كيم جونغ أون إلى فلاديفوستوك في 3 آذار 2026 "
               "للقاء الرئيس الروسي فلاديمير بوتين، وقالت سيول إنها قلقة من نقل الأسلحة.\n")


def env(project: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(project), "SOURCE_DATE_EPOCH": EPOCH, **extra}


def build_cmd(project: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--root", str(project), "--quiet"]


def snapshot(project: Path) -> dict[str, bytes]:
    files = {}
    for folder in ("site_src", "seeds"):
        for p in (project / folder).rglob("*"):
            if p.is_file() and ".state" not in p.parts and not p.name.startswith("."):
                files[str(p.relative_to(project))] = p.read_bytes()
    return files


def change(project: Path) -> None:
    """A change that rewrites most pages: a new article and a template edit."""
    (project / "seeds" / "kim-2026.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    template = project / "templates" / "pages" / "article.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n<!-- rev 2 -->\n", encoding="utf-8")


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    base = tmp_path_factory.mktemp("crash")
    before = copy_project(base / "before")
    subprocess.run(build_cmd(before), env=env(before), check=True)
    after = base / "after"
    shutil.copytree(before, after)
    change(after)
    subprocess.run(build_cmd(after), env=env(after), check=True)
    return before, snapshot(before), snapshot(after)


def test_kill_at_random_points_leaves_old_or_new_files(states, tmp_path: Path) -> None:
    before, old, new = states
    project = tmp_path / "p"

    def fresh() -> None:
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(before, project)
        change(project)

    durations = []
    for _ in range(2):  # how long a full rewrite takes here (the quicker of two: load varies)
        fresh()
        started = time.monotonic()
        subprocess.run(build_cmd(project), env=env(project), check=True)
        durations.append(time.monotonic() - started)
    duration = min(durations)
    rng = random.Random(20261122)
    interrupted = 0
    for i in range(12):
        if i % 3 != 2:  # mostly from scratch; sometimes on top of a previous kill's mix
            fresh()
        proc = subprocess.Popen(build_cmd(project), env=env(project),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.8 * duration))
        interrupted += proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for name, data in snapshot(project).items():
            assert data in (old.get(name), new.get(name)), f"half-written or foreign: {name}"
    assert interrupted >= 6, "the kills should land while builds run"
    subprocess.run(build_cmd(project), env=env(project), check=True)
    assert snapshot(project) == new
    assert list(project.rglob(".*.tmp")) == []


def test_two_builds_at_once_end_consistent(states, tmp_path: Path) -> None:
    before, _old, new = states
    project = tmp_path / "p"
    shutil.copytree(before, project)
    change(project)
    procs = [subprocess.Popen(build_cmd(project), env=env(project), stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = [p.wait(timeout=300) for p in procs]
    assert codes == [0, 0]
    assert snapshot(project) == new


def test_a_held_lock_gives_a_clear_message(states, tmp_path: Path) -> None:
    before, _old, _new = states
    project = tmp_path / "p"
    shutil.copytree(before, project)
    with FileLock(str(project / "site_src" / ".state" / "build.lock")):
        result = subprocess.run(build_cmd(project), env=env(project, BRIEFING_LOCK_TIMEOUT="1"),
                                capture_output=True, text=True)
    assert result.returncode == 1
    assert "another build is running" in result.stderr and "build.lock" in result.stderr
