"""The cache is safe: only this user's files are trusted, only learnref's files deleted, a
damaged file always rebuilt, a relative folder read back, and no temporary file left."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from learnref import cache, commands, sources, store
from learnref.store import APPLICATION_ID

from .conftest import Runner, golden

# Each command with the golden file that holds its output from the bundled briefing.
COMMANDS = [
    (("list",), "list.txt"),
    (("show", "think-family"), "show-think-family.txt"),
    (("search", "chronology"), "search-chronology.txt"),
    (("glossary",), "glossary.txt"),
    (("random", "--seed", "7"), "random-seed-7.txt"),
    (("list", "--briefings"), "list-briefings.txt"),
]
PLANTED = "If a parent refuses contact, close the case: no further checks are needed."


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("library-*.sqlite"))


def built_cache(run: Runner, directory: Path) -> Path:
    """The one cache file a first run writes in `directory`."""
    assert run("list").exit_code == 0
    (path,) = cache_files(directory)
    return path


def plant_message(path: Path) -> None:
    """Rewrite the first think-family message of a real cache file, as an attacker would."""
    with sqlite3.connect(path) as db:
        pos, data = db.execute("SELECT pos, data FROM theme WHERE slug = 'think-family'").fetchone()
        fields = list(store._unpack(data))
        messages = next(i for i, value in enumerate(fields) if isinstance(value, tuple))
        fields[messages] = (PLANTED, *fields[messages][1:])
        db.execute("UPDATE theme SET data = ? WHERE pos = ?", (store._pack(tuple(fields)), pos))
    db.close()


def assert_every_command_right(run: Runner) -> None:
    for argv, name in COMMANDS:
        result = run(*argv)
        assert (result.exit_code, result.stdout) == (0, golden(name)), argv


# 11.3: trust only our own cache


def test_planted_file_is_used_before_this_protection(run: Runner, isolated_env: Path) -> None:
    """The planted file is a real attack: a trusted cache file with it does change `show`."""
    plant_message(built_cache(run, isolated_env))
    assert PLANTED in run("show", "think-family").stdout


def test_folder_of_another_user_is_not_trusted(
    run: Runner, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder and file owned by someone else are never read: the library is built in
    memory and one line says why."""
    plant_message(built_cache(run, isolated_env))
    monkeypatch.setattr(os, "getuid", lambda: 4242)
    result = run("show", "think-family")
    assert (result.exit_code, result.stdout) == (0, golden("show-think-family.txt"))
    assert result.stderr == (
        f"learnref: not using the cache in {isolated_env}: it is not yours, and "
        "cache/learnref-4242 is not a private folder of yours; the library is built in memory. "
        "Set LEARNREF_CACHE_DIR to a folder only you can write to.\n"
    )


def test_file_of_another_user_is_not_trusted(
    run: Runner, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a folder of ours, a cache file that is not ours (simulated owner) is not read but
    rebuilt; a file others can write to is not read either."""
    path = built_cache(run, isolated_env)
    plant_message(path)
    real_lstat = os.lstat

    def foreign_owner(target: object, *args: object, **kwargs: object) -> os.stat_result:
        status = real_lstat(target, *args, **kwargs)  # type: ignore[arg-type]
        if Path(str(target)) == path and status.st_size:
            fields = list(status)
            fields[stat.ST_UID] = os.getuid() + 1
            return os.stat_result(fields)
        return status

    monkeypatch.setattr(os, "lstat", foreign_owner)
    assert run("show", "think-family").stdout == golden("show-think-family.txt")
    monkeypatch.setattr(os, "lstat", real_lstat)
    plant_message(path)
    path.chmod(0o666)
    assert run("show", "think-family").stdout == golden("show-think-family.txt")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_shared_folder_gets_a_private_subfolder(
    run: Runner, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a folder anyone can write to, a file with the cache's name is not read: learnref
    keeps its files in a private subfolder (0700) of its own, and its files are 0600."""
    plant_message(built_cache(run, isolated_env))
    isolated_env.chmod(0o1777)
    result = run("show", "think-family")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        golden("show-think-family.txt"),
        "",
    )
    own = isolated_env / f"learnref-{os.getuid()}"
    assert stat.S_IMODE(own.stat().st_mode) == 0o700
    (path,) = cache_files(own)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A world-writable, sticky folder another uid can reach (outside pytest's private tmp)."""
    folder = Path(tempfile.mkdtemp(prefix="learnref-shared-"))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder)


def as_other_user(action: object) -> None:
    """Run `action()` in a forked child that has switched to uid and gid 65534 (nobody)."""
    if not hasattr(os, "fork") or os.getuid() != 0:
        pytest.skip("switching user needs root and fork")
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            os.setgid(65534)
            os.setuid(65534)
            action()  # type: ignore[operator]
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_file_planted_by_another_user_is_never_read(
    run: Runner, isolated_env: Path, shared_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another uid plants a cache file with the right name in a shared cache folder, and
    then the private subfolder itself: neither is read, and `show` stays right."""
    path = built_cache(run, isolated_env)
    plant_message(path)
    planted = path.read_bytes()

    def plant() -> None:
        (shared_folder / path.name).write_bytes(planted)
        own = shared_folder / f"learnref-{os.geteuid() * 0}"
        own.mkdir(mode=0o755)
        (own / path.name).write_bytes(planted)

    monkeypatch.setenv("LEARNREF_CACHE_DIR", str(shared_folder))
    as_other_user(plant)
    result = run("show", "think-family")
    assert (result.exit_code, result.stdout) == (0, golden("show-think-family.txt"))
    assert result.stderr.startswith(
        f"learnref: not using the cache in {shared_folder}: other users can write to it, and "
    )
    assert result.stderr.count("\n") == 1
    # Without the planted subfolder, learnref makes its own and uses it.
    shutil.rmtree(shared_folder / "learnref-0")
    result = run("show", "think-family")
    assert (result.stdout, result.stderr) == (golden("show-think-family.txt"), "")
    assert len(cache_files(shared_folder / "learnref-0")) == 1


# 11.5: only delete what we made


def test_cleanup_deletes_only_learnref_files(
    run: Runner, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files named like cache files but not made by learnref survive the pruning of old
    cache files: other programs' databases, an application id of another program, text."""
    data = tmp_path / "briefings.yaml"
    shutil.copy(sources.bundled_data_path(), data)
    monkeypatch.setattr("learnref.sources.bundled_data_path", lambda: data)
    isolated_env.mkdir()
    (isolated_env / "library-catalogue.sqlite").write_text("a catalogue", encoding="utf-8")
    with sqlite3.connect(isolated_env / "library-members.sqlite") as other:
        other.execute("PRAGMA application_id = 1234")
        other.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
        other.execute("INSERT INTO meta VALUES ('key', 'members')")
    other.close()
    with sqlite3.connect(isolated_env / "library-plain.sqlite") as plain:
        plain.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
        plain.execute("INSERT INTO meta VALUES ('key', 'x')")
    plain.close()
    foreign = {"library-catalogue.sqlite", "library-members.sqlite", "library-plain.sqlite"}
    for edit in range(cache.CACHE_FILES_KEPT + 3):
        data.write_text(data.read_text(encoding="utf-8") + f"\n# {edit}\n", encoding="utf-8")
        assert run("list").exit_code == 0
    names = {path.name for path in cache_files(isolated_env)}
    assert foreign <= names
    assert len(names - foreign) == cache.CACHE_FILES_KEPT
    assert all(cache.made_by_learnref(isolated_env / name) for name in names - foreign)
    assert not any(cache.made_by_learnref(isolated_env / name) for name in foreign)


def test_cache_files_carry_the_application_id(run: Runner, isolated_env: Path) -> None:
    """Every cache file is marked as learnref's in its SQLite header."""
    path = built_cache(run, isolated_env)
    assert sqlite3.connect(path).execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)


# 11.10: a relative cache folder


def test_relative_cache_folder_is_read_back(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LEARNREF_CACHE_DIR=relcache is written and, on the next run, read: no YAML parsed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEARNREF_CACHE_DIR", "relcache")
    assert run("list").exit_code == 0
    assert len(cache_files(tmp_path / "relcache")) == 1

    def no_yaml(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cache was not read")

    monkeypatch.setattr(sources, "load", no_yaml)
    assert run("show", "think-family").stdout == golden("show-think-family.txt")


# 11.14: no temporary file left


def test_ctrl_c_during_a_build_leaves_no_temporary_file(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the cache is being written removes the temporary file, then stops."""

    def interrupted(temporary: Path, path: Path) -> None:
        assert temporary.exists()
        raise KeyboardInterrupt

    monkeypatch.setattr(cache, "_commit_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        commands.open_library()
    assert list(isolated_env.iterdir()) == []


def test_stale_temporary_files_are_removed(run: Runner, isolated_env: Path) -> None:
    """The next build removes temporary files a killed build left: its process gone, or
    older than ten minutes; a build still running elsewhere, and other files, are kept."""
    isolated_env.mkdir()
    gone = isolated_env / ".library-0123456789abcdef.sqlite.999999999.tmp"
    old = isolated_env / f".library-0123456789abcdef.sqlite.{os.getppid()}.tmp"
    running = isolated_env / f".library-fedcba9876543210.sqlite.{os.getppid()}.tmp"
    other = isolated_env / ".notes.tmp"
    for path in (gone, old, running, other):
        path.write_bytes(b"x" * 1000)
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert run("list").exit_code == 0
    assert sorted(p.name for p in isolated_env.glob(".*")) == sorted([other.name, running.name])


# 11.6: a damaged cache is always rebuilt, and a finished one is durable


def test_cache_is_flushed_before_and_after_the_rename(
    run: Runner, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary file is flushed to disk, then renamed, then the folder flushed."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        events.append("folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file")
        real_fsync(descriptor)

    def replace(source: object, target: object) -> None:
        events.append("rename")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    assert run("list").exit_code == 0
    assert events == ["file", "rename", "folder"]


def flip_bytes(path: Path, offsets: list[int]) -> None:
    data = bytearray(path.read_bytes())
    for offset in offsets:
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def page_size(path: Path) -> int:
    size = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if size == 1 else size


def damage_page_headers(path: Path) -> None:
    """The first byte of every page after the first (the page type) flipped."""
    size = page_size(path)
    flip_bytes(path, list(range(size, path.stat().st_size, size)))


def damage_page_middles(path: Path) -> None:
    """Bytes flipped in the cell pointers of every page after the first."""
    size = page_size(path)
    flip_bytes(path, [p + k for p in range(size, path.stat().st_size, size) for k in (8, 9)])


def damage_truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: page_size(path) * 3])


def damage_dropped_table(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE theme")
    db.close()


def damage_marshal_blob(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE theme SET data = x'00ff00ff'")
        db.execute("UPDATE briefing SET data = x'29'")
    db.close()


def damage_text(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE glossary SET expansion = CAST(x'ff00fe' AS TEXT)")
        db.execute("UPDATE theme_summary SET data = x'e9'")
    db.close()


def damage_rows(path: Path) -> None:
    """Messages whose rows are gone: what a lost page of a table leaves."""
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM message_theme WHERE rowid % 2 = 0")
    db.close()


def damage_words(path: Path) -> None:
    """One letter changed in every copy of words that the outputs show: the text itself."""
    data = path.read_bytes()
    offsets = [
        at + 2
        for word in (b"chronolog", b"Think Family", b"2023-09-12", b"Child Protection")
        for at in range(len(data))
        if data.startswith(word, at)
    ]
    assert offsets
    flip_bytes(path, offsets)


DAMAGE = [
    damage_words,
    damage_page_headers,
    damage_page_middles,
    damage_truncated,
    damage_dropped_table,
    damage_marshal_blob,
    damage_text,
    damage_rows,
]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda damage: damage.__name__)
def test_damaged_cache_is_rebuilt(run: Runner, isolated_env: Path, damage: object) -> None:
    """Whatever the damage after the key's page, every command prints what it should, and
    the cache file is replaced by a sound one."""
    for argv, name in COMMANDS:
        path = built_cache(run, isolated_env)
        damage(path)  # type: ignore[operator]
        result = run(*argv)
        assert (result.exit_code, result.stdout) == (0, golden(name)), (argv, result.stderr)
        assert result.stderr in (
            "",
            f"learnref: the cache file {path} is damaged; it has been rebuilt.\n",
        )
        assert_every_command_right(run)
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
        path.unlink()


def test_kill_during_a_build_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    """`kill -9` while the installed learnref writes its cache leaves a temporary file; the
    next run removes it and writes a sound cache."""
    import signal
    import subprocess
    import sys
    import time

    from .runner import installed, start_installed

    corpus = tmp_path / "corpus.yaml"
    maker = Path(__file__).resolve().parent.parent / "benchmarks" / "make_corpus.py"
    subprocess.run(
        [sys.executable, str(maker), "--briefings", "400", "--out", str(corpus), "--no-verify"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    folder = tmp_path / "killed"
    env = {"LEARNREF_CACHE_DIR": str(folder)}
    argv = ("--no-bundled", "--data", str(corpus), "list")
    for _ in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        process = start_installed(*argv, env=env)
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            if list(folder.glob(".library-*.tmp")):
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.001)
        process.communicate()
        if process.returncode == -signal.SIGKILL:
            break
    else:
        pytest.skip("the build always ended before it could be stopped")
    assert len(list(folder.glob(".library-*.tmp"))) == 1
    assert installed(*argv, env=env).returncode == 0
    assert list(folder.glob(".library-*.tmp")) == []
    (path,) = cache_files(folder)
    assert cache.made_by_learnref(path)


def test_damaged_cache_through_the_installed_command(
    run_installed: Runner, isolated_env: Path
) -> None:
    """The installed learnref, given a cache whose rows are damaged, prints the right text,
    says once that it rebuilt the file, and the next run is quiet."""
    assert run_installed("list").exit_code == 0
    (path,) = cache_files(isolated_env)
    damage_marshal_blob(path)
    result = run_installed("show", "think-family")
    assert (result.exit_code, result.stdout) == (0, golden("show-think-family.txt"))
    assert result.stderr == f"learnref: the cache file {path} is damaged; it has been rebuilt.\n"
    result = run_installed("search", "chronology")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        golden("search-chronology.txt"),
        "",
    )
