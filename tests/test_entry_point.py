"""The `learnref` entry point: it runs the app, and Ctrl-C or a closed pipe end quietly."""

from __future__ import annotations

import pytest

from learnref import __main__ as entry
from learnref import cli


def test_entry_point_runs_the_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() runs the command line and exits 0 on success."""
    monkeypatch.setattr("sys.argv", ["learnref", "glossary", "CPP"])
    with pytest.raises(SystemExit) as exit_info:
        entry.main()
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == "TERM  MEANING\nCPP   Child Protection Plan\n"


def raise_(error: BaseException) -> None:
    raise error


@pytest.mark.parametrize(("error", "code"), [(KeyboardInterrupt(), 130), (BrokenPipeError(), 0)])
def test_interruptions_end_quietly(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    code: int,
) -> None:
    """Ctrl-C (130) and a closed pipe (0) before any command runs leave no traceback."""
    monkeypatch.setattr(cli, "app", lambda: raise_(error))
    monkeypatch.setattr("learnref.__main__.os.dup2", lambda *args: None)
    with pytest.raises(SystemExit) as exit_info:
        entry.main()
    assert exit_info.value.code == code
    assert capsys.readouterr().err == ""
