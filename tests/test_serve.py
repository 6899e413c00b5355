"""`mkdocs serve`: saving a new article in seeds/ regenerates the site, without a rebuild loop."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
NEW = "كيم يصل إلى فلاديفوستوك للقاء بوتين\nوصل الزعيم الكوري الشمالي كيم جونغ أون إلى فلاديفوستوك في زيارة يلتقي خلالها الرئيس الروسي فلاديمير بوتين.\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_new_seed_appears_while_serving(project: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        assert wait_for(lambda: "المحاور" in fetch(url), 60), log.read_text(encoding="utf-8")
        (project / "seeds" / "kim-vladivostok.txt").write_text(NEW, encoding="utf-8")
        assert wait_for(lambda: "كيم يصل إلى فلاديفوستوك" in fetch(url), 60), log.read_text(encoding="utf-8")
        time.sleep(6)  # long enough for a loop to show itself
        builds = log.read_text(encoding="utf-8").count("Building documentation")
        time.sleep(4)
        assert log.read_text(encoding="utf-8").count("Building documentation") == builds, "rebuild loop"
        assert builds <= 3  # the change, plus at most one follow-up that writes nothing
        if builds == 3:  # and that one does not regenerate again
            assert "site_src/ is up to date" in log.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_server_watches_by_notification_not_by_polling(tmp_path: Path) -> None:
    """MkDocs' polling walks every watched file twice a second (32,000 at 10,000 articles):
    the hook moves each watch, as many times as it was asked for, to the system's change
    notifications, and a change still asks for a rebuild."""
    from mkdocs.livereload import LiveReloadServer

    from generator.mkdocs_hooks import _notified

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    watched = tmp_path / "seeds"
    watched.mkdir()
    server.watch(str(watched))
    server.watch(str(watched))
    assert type(server.observer).__name__ == "PollingObserver"
    _notified(server)
    assert type(server.observer).__name__ != "PollingObserver"
    assert server._watched_paths == {str(watched): 2}
    (watched / "old.txt").write_text("x", encoding="utf-8")
    server.observer.start()
    try:
        time.sleep(1)
        (watched / "old.txt").read_text(encoding="utf-8")  # a build reads every file: no rebuild for that
        time.sleep(1.5)
        assert not server._want_rebuild
        (watched / "new.txt").write_text("x", encoding="utf-8")
        assert wait_for(lambda: server._want_rebuild, 10)
    finally:
        server.observer.stop()
        server.observer.join(timeout=5)
