"""Tab completion: scripts for bash, zsh and fish, and candidates drawn from the data."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
import typer

from learnref import commands
from learnref.cli import app, complete_briefing, complete_term, complete_theme

from .runner import installed

DATA = Path(__file__).parent / "data" / "two-briefings.yaml"


def complete(shell: str, words: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """What learnref offers for Tab after `words`, driving Typer's completion variables."""
    extra = {"_LEARNREF_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        parts = words.split(" ")
        extra |= {"COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    else:
        extra |= {"_TYPER_COMPLETE_ARGS": words}
        if shell == "fish":
            extra["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    done = installed(env={**extra, **(env or {})}, text=True)
    return done.returncode, done.stdout, done.stderr


def test_bash_completes_theme_slugs() -> None:
    """`learnref show th<Tab>` offers think-family, and only that."""
    assert complete("bash", "learnref show th") == (0, "think-family\n", "")


def test_bash_completes_aliases_and_slugs() -> None:
    """Aliases are offered as well as slugs."""
    code, out, _ = complete("bash", "learnref show c")
    assert (code, out.split()) == (0, ["child-sexual-abuse", "csa"])


@pytest.mark.parametrize(
    "option", ["search chronology --theme", "random --theme", "export --theme"]
)
def test_theme_options_complete(option: str) -> None:
    """Every --theme option completes theme names."""
    code, out, _ = complete("bash", f"learnref {option} thi")
    assert (code, out) == (0, "think-family\n")


@pytest.mark.parametrize("option", ["search chronology --briefing", "export --briefing"])
def test_briefing_options_complete(option: str) -> None:
    """Every --briefing option completes briefing ids."""
    assert complete("bash", f"learnref {option} hs")[1] == "hscp-2023-09-learning-from-reviews\n"


def test_glossary_terms_complete_in_any_case() -> None:
    """Glossary terms complete from what was typed, in the case it was typed."""
    assert complete("bash", "learnref glossary CSP")[1].split() == ["CSPR"]
    assert complete("bash", "learnref glossary csp")[1].split() == ["cspr"]


def test_candidates_come_from_the_users_data() -> None:
    """Themes of a --data file on the same command line are offered."""
    words = f"learnref --no-bundled --data {DATA} show think-"
    assert complete("bash", words)[1].split() == ["think-family", "think-safety"]


def test_zsh_gives_candidates_with_descriptions() -> None:
    """zsh gets each candidate with the theme's title as its description."""
    code, out, _ = complete("zsh", "learnref show think")
    assert code == 0
    assert '"think-family":"Think Family"' in out


def test_fish_gives_candidates_with_descriptions() -> None:
    """fish gets each candidate and its description separated by a tab."""
    code, out, _ = complete("fish", "learnref glossary MAS")
    assert (code, out) == (0, "MASH\tMulti-Agency Safeguarding Hub\n")


def test_completion_prints_nothing_but_candidates(tmp_path: Path) -> None:
    """A broken file in the user data folder gives no warning on stdout, nor a traceback."""
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "broken.yaml").write_text("version: [", encoding="utf-8")
    code, out, err = complete("bash", "learnref show th", env={"LEARNREF_DATA_DIR": str(tmp_path)})
    assert (code, out) == (0, "think-family\n")
    assert "Traceback" not in err


def test_unreadable_data_gives_no_candidates_quietly() -> None:
    """A --data path that does not exist gives no candidates and no error."""
    code, out, err = complete("bash", "learnref --data /no/such/file.yaml show t")
    assert (code, out.strip(), err) == (0, "", "")


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete --command learnref")],
)
def test_show_completion_scripts(shell: str, marker: str) -> None:
    """--show-completion prints a script for each shell."""
    done = installed(
        "--show-completion",
        shell,
        env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        text=True,
    )
    assert done.returncode == 0
    assert marker in done.stdout


def _root_context(*args: str) -> typer.Context:
    import typer.main

    group = typer.main.get_command(app)
    context = group.make_context("learnref", [*args, "show"], resilient_parsing=True)
    # Typer's Context adds nothing the completion callbacks use to Click's.
    return cast(typer.Context, context)


def test_completion_functions_in_process() -> None:
    """The completion callbacks offer themes, briefing ids and terms for what is typed."""
    context = _root_context()
    assert complete_theme(context, "th") == [("think-family", "Think Family")]
    assert complete_briefing(context, "hs") == [
        ("hscp-2023-09-learning-from-reviews", "Learning from Reviews")
    ]
    assert complete_term(context, "mas") == [("mash", "Multi-Agency Safeguarding Hub")]


def test_completion_reads_the_data_on_the_command_line() -> None:
    """--data and --no-bundled before the command decide what is offered."""
    context = _root_context("--no-bundled", "--data", str(DATA))
    assert [name for name, _ in complete_theme(context, "")] == [
        "think-family",
        "think-safety",
    ]


def test_completion_failure_offers_nothing() -> None:
    """Data that cannot be read gives no candidates rather than an error."""
    assert complete_theme(_root_context("--data", "/no/such/file.yaml"), "t") == []


def test_core_completions_keep_the_typed_case() -> None:
    """Candidates come back in the case typed, so the shell keeps them."""
    store = commands.open_library()
    assert commands.completions(store, "term", "csp") == [
        ("cspr", "Child Safeguarding Practice Review")
    ]
    assert commands.completions(store, "term", "CSP") == [
        ("CSPR", "Child Safeguarding Practice Review")
    ]
    assert commands.completions(store, "theme", "Think-") == [("Think-family", "Think Family")]
