"""`mkdocs serve`: saving a new article in seeds/ regenerates the site, without a rebuild loop."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.tools.bench.__main__ import free_port

pytestmark = pytest.mark.e2e
NEW = "كيم يصل إلى فلاديفوستوك للقاء بوتين\nوصل الزعيم الكوري الشمالي كيم جونغ أون إلى فلاديفوستوك في زيارة يلتقي خلالها الرئيس الروسي فلاديمير بوتين.\n"


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
        # the first build and the change's: the pages and metadata file that regeneration
        # wrote set off no other (generator/engine/own_writes.py)
        assert builds == 2, log.read_text(encoding="utf-8")
        # an edit to the theme's hand-written stylesheet is served without a restart
        css = project / "templates" / "theme" / "assets" / "stylesheets" / "briefing.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n/* edited while serving */\n", encoding="utf-8")
        assert wait_for(lambda: "edited while serving" in fetch(url + "assets/stylesheets/briefing.css"), 60), \
            log.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_server_watches_by_notification_not_by_polling(tmp_path: Path) -> None:
    """MkDocs' polling walks every watched file twice a second (32,000 at 10,000 articles):
    the plugin moves each watch, as many times as it was asked for, to the system's change
    notifications, and a change still asks for a rebuild."""
    from mkdocs.livereload import LiveReloadServer

    from generator.engine.serving import notified

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    watched = tmp_path / "seeds"
    watched.mkdir()
    server.watch(str(watched))
    server.watch(str(watched))
    assert type(server.observer).__name__ == "PollingObserver"
    notified(server, [str(watched), str(tmp_path / "not-watched")])
    assert type(server.observer).__name__ != "PollingObserver"
    server.unwatch(str(watched))  # still watched twice, and nothing else
    server.unwatch(str(watched))
    with pytest.raises(KeyError):
        server.unwatch(str(watched))
    server.watch(str(watched))
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


def test_the_regenerations_own_writes_set_off_no_rebuild(tmp_path: Path) -> None:
    """The pages and metadata files a regeneration writes are already in the build that
    follows it: their change notifications are held while it runs and dropped, while a
    file a person saves meanwhile, or a generated file edited afterwards, still asks for
    a rebuild."""
    from mkdocs.livereload import LiveReloadServer

    from generator.engine.serving import notified
    from generator.engine.own_writes import OwnWrites
    from generator.build.write import atomic_write

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    seeds, site_src = tmp_path / "seeds", tmp_path / "site_src"
    for folder in (seeds, site_src / ".state", site_src / "articles"):
        folder.mkdir(parents=True)
    server.watch(str(seeds))
    server.watch(str(site_src))
    own = OwnWrites()
    own.records(site_src / ".state")
    notified(server, [str(seeds), str(site_src)], own)
    server.observer.start()

    def regenerate(write) -> list:
        own.begin()
        written = write()
        time.sleep(1)  # the notifications arrive while it runs
        held = own.end(written)
        for handler, event in held:
            handler.dispatch(event)
        return held

    page, meta = site_src / "articles" / "new.md", seeds / "new.yml"
    try:
        def ours():
            atomic_write(page, "# صفحة\n")
            atomic_write(meta, "title: x\n")
            atomic_write(site_src / ".state" / "build.sqlite-journal", "{}\n")
            (site_src / "articles" / "gone.md").unlink(missing_ok=True)
            return [page, meta, site_src / "articles" / "gone.md"]
        assert regenerate(ours) == []
        time.sleep(1)  # and any that come after it
        assert not server._want_rebuild

        def with_a_person():
            atomic_write(page, "# صفحة ثانية\n")
            (seeds / "saved-meanwhile.txt").write_text("مقال", encoding="utf-8")
            return [page]
        held = regenerate(with_a_person)
        assert {Path(event.src_path).name for _handler, event in held} == {"saved-meanwhile.txt"}
        assert server._want_rebuild

        server._want_rebuild = False
        atomic_write(site_src / ".state" / "build.sqlite", "{}\n")
        time.sleep(1)
        assert not server._want_rebuild
        page.write_text("# عدّله شخص\n", encoding="utf-8")  # no longer as the regeneration left it
        assert wait_for(lambda: server._want_rebuild, 10)
        server._want_rebuild = False
        (site_src / "articles" / "gone.md").write_text("# أضافه شخص\n", encoding="utf-8")
        assert wait_for(lambda: server._want_rebuild, 10)
    finally:
        server.observer.stop()
        server.observer.join(timeout=5)
