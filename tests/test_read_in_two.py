"""Reading a large file in two processes: the same briefings, warnings and problems (with the
same line numbers) as reading it whole, the whole file read wherever a cut is in doubt, and no
second process left behind."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from learnref import loader
from learnref.loader import FileContent, read_file

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the file is read in two only on Linux"
)

HEADER = "# made up for the tests: not guidance\nversion: 1\nbriefings:\n"


def _briefing(number: int, *, url: bool = True, extra: str = "") -> str:
    lines = [
        f"  - id: test-{number:04d}",
        f"    title: Test briefing {number}",
        "    publisher: Test Partnership",
        "    published: 2024-01-31",
    ]
    if url:
        lines.append(f"    url: https://example.org/{number}")
    lines += [
        "    summary: |",
        "      A block of text whose lines",
        "        - look like a list item, deeper in.",
        "    themes:",
        "      - title: Information sharing",
        "        messages:",
        f'          - "Message {number}: share information early."',
        "          - A plain message that goes on",
        "            over a second line.",
        "      - title: Think family",
        "        aliases: [family]",
        "        messages:",
        f"          - 'Message {number} about the family & its networks.'",
    ]
    return "\n".join(lines) + "\n" + extra


def _file(count: int = 40, extras: dict[int, str] | None = None) -> str:
    """A file of `count` briefings; `extras` maps a briefing's number to what is written
    after it."""
    extras = extras or {}
    return HEADER + "".join(
        _briefing(n, url=n % 7 != 0, extra=extras.get(n, "")) for n in range(1, count + 1)
    )


def _fields(content: FileContent) -> tuple[Any, ...]:
    return (
        content.briefings,
        content.glossary,
        content.synonyms,
        content.problems,
        content.warnings,
        content.ids,
    )


@pytest.fixture
def halves(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every file is read in two where it can be; the list tells, for each try, whether the
    halves were joined."""
    joined: list[bool] = []
    join = loader._join_halves

    def recorded(*args: Any) -> bool:
        joined.append(join(*args))
        return joined[-1]

    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loader, "_join_halves", recorded)
    return joined


def _both(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """What the file gives read whole and read in two (where it can be)."""
    path = tmp_path / "briefings.yaml"
    path.write_text(text, encoding="utf-8")
    in_two = _fields(read_file(path))
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 1 << 40)
    whole = _fields(read_file(path))
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    return whole, in_two


def test_halves_give_what_the_whole_file_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, halves: list[bool]
) -> None:
    """Briefings, warnings (on their lines) and ids are those of the whole file."""
    text = _file() + "glossary:\n  CP: Child protection\nsynonyms:\n  - [family, household]\n"
    whole, in_two = _both(tmp_path, text, monkeypatch)
    assert halves == [True]
    assert in_two == whole
    assert len(whole[0]) == 40
    assert whole[4]
    assert all(warning.line > 0 for warning in whole[4])
    # Warnings of the second half carry the file's own line numbers.
    assert max(warning.line for warning in whole[4]) > text.count("\n") // 2


def _around_the_middle(extra: str) -> dict[int, str]:
    """`extra` after each briefing near the middle of a file of 40."""
    return dict.fromkeys(range(15, 27), extra)


PROBLEMS = {
    "a bad date in the second half": _file().replace(
        "published: 2024-01-31\n    url: https://example.org/30\n",
        "published: 2024-02-31\n    url: https://example.org/30\n",
    ),
    "an id used in both halves": _file().replace("id: test-0035", "id: test-0002"),
    "a version after the briefings": _file() + "version: 1\n",
    "a glossary in both halves": "glossary:\n  CP: Child protection\n"
    + _file()
    + "glossary:\n  IS: Information sharing\n",
    "an unknown key in the first half": _file().replace("id: test-0003", "ib: test-0003"),
    "an unknown key after the briefings": _file() + "glosary:\n  CP: Child protection\n",
    "a tab in the second half": _file().replace(
        "    publisher: Test Partnership\n    published: 2024-01-31\n    url: https://example.org/33",
        "\tpublisher: Test Partnership\n    published: 2024-01-31\n    url: https://example.org/33",
    ),
}

# Lines that look like a briefing's start inside a quoted text or a [flow] list.
ODD = {
    "a double-quoted text over a cut": _file(
        extras=_around_the_middle('    remember: "open\n  - id: x\n    and closed"\n')
    ),
    "a single-quoted text over a cut": _file(
        extras=_around_the_middle("    remember: 'open\n  - id: x\n    and closed'\n")
    ),
    "a flow list over a cut": _file(extras=_around_the_middle("    category: [a,\n  - b]\n")),
    "a comment that looks like a briefing": _file(extras=_around_the_middle("#  - id: x\n")),
}


@pytest.mark.parametrize("case", sorted(PROBLEMS))
def test_files_with_a_problem_give_what_the_whole_file_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, halves: list[bool], case: str
) -> None:
    """Where a half has a problem, or the halves would hide one, the whole file is read:
    every problem is said as reading it whole says it, on the same line."""
    whole, in_two = _both(tmp_path, PROBLEMS[case], monkeypatch)
    assert in_two == whole
    assert whole[3], "each case is a file with a problem"
    assert True not in halves


@pytest.mark.parametrize("case", sorted(ODD))
def test_odd_files_give_what_the_whole_file_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, halves: list[bool], case: str
) -> None:
    """A line like a briefing's start inside a quoted text or a flow list is no cut."""
    whole, in_two = _both(tmp_path, ODD[case], monkeypatch)
    assert in_two == whole


@pytest.mark.parametrize(
    "text",
    [
        _file().replace("family & its", "family &its"),  # an anchor, maybe
        _file().replace("\n", "\r\n"),
        _file().replace("over a second", "over\u2028a second"),
        HEADER.replace("briefings:\n", "briefings:\n") + _file(1)[len(HEADER) :],
        "version: 1\nbriefings:\n- id: a\n- id: b\n",  # the list at column 0
        "briefings:\n  - id: a\n  - id: b\n",  # no room for the header above the cut
        _file(2)[: len(HEADER)] + "  []\n",
    ],
)
def test_no_cut_where_it_is_in_doubt(text: str) -> None:
    """No cut in a file with an anchor, other line breaks, one briefing, a list at column
    0, or the list's start on the second line."""
    assert loader._split_point(text) is None


def test_cut_is_at_a_briefing_near_the_middle() -> None:
    """The cut is the start of a briefing's line, at or after the middle."""
    text = _file()
    split = loader._split_point(text)
    assert split is not None
    assert text[split:].startswith("  - id: test-")
    assert len(text) // 2 <= split < len(text) // 2 + len(_briefing(1))


def test_cut_stops_at_the_next_top_level_key() -> None:
    """Items of a list under a later top-level key are never a cut."""
    text = HEADER + _briefing(1) + "synonyms:\n" + "  - [a, b]\n" * 200
    assert loader._split_point(text) is None


@pytest.mark.parametrize(
    "text",
    ["", "&", "a&b", "a & b", "&a", " &a", "[&a", "x:&a", "a\n&b", "a\u2028&b", "-&", "a&\n"],
)
def test_anchor_hint_is_the_regular_expression(text: str) -> None:
    """The quick look at each "&" answers as `_ANCHOR_HINT` does."""
    assert loader._anchor_hint(text) == bool(loader._ANCHOR_HINT.search(text))


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The second processes started, by process id."""
    started: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded)
    return started


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_failed_second_process_reads_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, halves: list[bool], forks: list[int]
) -> None:
    """A second process that fails (it ends with status 1) leaves the reading to this one."""

    def broken(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(loader, "_send_second_half", broken)
    whole, in_two = _both(tmp_path, _file(), monkeypatch)
    assert in_two == whole
    assert halves == []  # nothing to join
    assert len(forks) == 1
    assert _gone(forks[0])


def _interrupted_in(parent: int, read: Callable[..., Any]) -> Callable[..., Any]:
    def reading(text: str, content: FileContent) -> Any:
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return read(text, content)

    return reading


def test_ctrl_c_ends_the_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, halves: list[bool], forks: list[int]
) -> None:
    """Ctrl-C while this process reads its half ends and reaps the second one."""
    path = tmp_path / "briefings.yaml"
    path.write_text(_file(), encoding="utf-8")
    monkeypatch.setattr(loader, "_read_text", _interrupted_in(os.getpid(), loader._read_text))
    with pytest.raises(KeyboardInterrupt):
        read_file(path)
    assert len(forks) == 1
    assert _gone(forks[0])


@pytest.fixture
def other_thread() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


@pytest.mark.usefixtures("other_thread")
def test_no_second_process_while_other_threads_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, halves: list[bool], forks: list[int]
) -> None:
    """A process that runs other threads is not forked: the file is read whole."""
    whole, in_two = _both(tmp_path, _file(), monkeypatch)
    assert in_two == whole
    assert forks == []
    assert halves == []


def test_small_files_are_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    """Below PARALLEL_BYTES no second process is started."""
    path = tmp_path / "briefings.yaml"
    path.write_text(_file(), encoding="utf-8")
    assert len(path.read_bytes()) < loader.PARALLEL_BYTES
    assert not read_file(path).problems
    assert forks == []
