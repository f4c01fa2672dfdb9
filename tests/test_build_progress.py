"""The progress bar of a cache build: shown on a terminal after a second, never on a pipe,
told of each step and always stopped."""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path

import pytest

from learnref import commands, sources
from learnref.render import build_progress
from learnref.render.build_progress import BuildProgress

from .conftest import Runner, golden


class Recorder:
    """A Progress that remembers what it was told."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def step(self, what: str) -> None:
        self.events.append(what)

    def done(self) -> None:
        self.events.append("done")


def test_a_build_tells_its_steps_and_a_warm_open_none(isolated_env: Path) -> None:
    """A cache build reports reading, then writing, then its end; a current cache, nothing."""
    first, second = Recorder(), Recorder()
    commands.open_library(progress=lambda: first)
    commands.open_library(progress=lambda: second)
    assert first.events == [
        "Reading the briefing files",
        "Writing the cache and its search index",
        "done",
    ]
    assert second.events == []


def test_a_failed_build_still_ends_the_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """If reading the files fails (or is interrupted), the bar is stopped all the same."""

    def broken(found: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sources, "load", broken)
    recorder = Recorder()
    with pytest.raises(KeyboardInterrupt):
        commands.open_library(progress=lambda: recorder)
    assert recorder.events == ["Reading the briefing files", "done"]


class Terminal(io.StringIO):
    """A stand-in for a terminal's stderr."""

    def isatty(self) -> bool:
        return True


def test_bar_is_shown_on_a_terminal_after_the_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, a build longer than the delay shows what it is doing, then clears it."""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(build_progress, "DELAY_SECONDS", 0.01)
    progress = BuildProgress()
    progress.step("Reading the briefing files")
    time.sleep(0.3)
    progress.step("Writing the cache and its search index")
    progress.done()
    assert "Reading the briefing files" in terminal.getvalue()


@pytest.mark.parametrize("colour", [True, False])
def test_bar_follows_color_never(monkeypatch: pytest.MonkeyPatch, colour: bool) -> None:
    """`--color never` takes colour off the bar too; bold stays, as in every panel."""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(build_progress, "DELAY_SECONDS", 0.01)
    progress = BuildProgress(colour=colour)
    progress.step("Reading the briefing files")
    time.sleep(0.3)
    progress.done()
    coloured = re.search(r"\x1b\[[0-9;]*(?:3[0-9]|4[0-9]|9[0-7])[;m]", terminal.getvalue())
    assert (coloured is not None) == colour


def test_short_build_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that ends within the delay never shows the bar."""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("TERM", "xterm")
    progress = BuildProgress()
    progress.step("Reading the briefing files")
    progress.done()
    time.sleep(build_progress.DELAY_SECONDS + 0.2)
    assert terminal.getvalue() == ""


def test_nothing_on_a_pipe(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow build with stderr on a pipe writes nothing but the output."""
    monkeypatch.setattr(build_progress, "DELAY_SECONDS", 0.0)
    load = sources.load

    def slow(found: sources.Sources) -> sources.Loaded:
        time.sleep(0.2)
        return load(found)

    monkeypatch.setattr(sources, "load", slow)
    result = run("show", "think-family")
    assert (result.stdout, result.stderr) == (golden("show-think-family.txt"), "")


def test_the_global_color_option_reaches_the_bar() -> None:
    """`learnref --color never ...` builds the bar without colour; any other mode with it."""
    from learnref import cli

    assert cli._build_progress("never")()._colour is False
    assert cli._build_progress("auto")()._colour is True
