"""`learnref random`: one key message for a team meeting, reproducible with --seed."""

from __future__ import annotations

import json

from .conftest import Runner


def test_same_seed_same_message(run: Runner) -> None:
    """The same --seed picks the same message every time."""
    first = run("random", "--seed", "11")
    assert first.exit_code == 0
    assert run("random", "--seed", "11").stdout == first.stdout


def test_seeds_reach_every_message(run: Runner) -> None:
    """Across seeds, every one of the eight bundled messages can be picked, and nothing else."""
    picked = {
        (data["theme"]["slug"], data["message_number"])
        for data in (
            json.loads(run("random", "--seed", str(seed), "-f", "json").stdout)
            for seed in range(60)
        )
    }
    assert picked == {
        *(("working-together-and-sharing-information", n) for n in range(1, 6)),
        *(("think-family", n) for n in range(1, 4)),
    }


def test_theme_limits_the_pick(run: Runner) -> None:
    """--theme picks only from that theme."""
    picks = [run("random", "-t", "think", "--seed", str(seed), "-f", "json") for seed in range(20)]
    themes = {json.loads(pick.stdout)["theme"]["slug"] for pick in picks}
    assert themes == {"think-family"}


def test_without_seed_reports_the_seed_that_repeats_it(run: Runner) -> None:
    """Without --seed, the JSON names the seed used, and that seed picks the same message."""
    first = json.loads(run("random", "-f", "json").stdout)
    again = json.loads(run("random", "--seed", str(first["seed"]), "-f", "json").stdout)
    assert again == first


def test_theme_without_messages(run: Runner) -> None:
    """A theme with no key messages says so, with its note, and exits 1."""
    result = run("random", "--theme", "child-sexual-abuse")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "The theme 'Child Sexual Abuse' has no key messages to pick from.\n"
        "The published page lists this theme, but its captured text carries no key messages "
        "under it. Read the theme on the published page: "
        "https://www.hampshirescp.org.uk/learning-from-reviews/\n"
    )


def test_unknown_theme(run: Runner) -> None:
    """An unknown --theme suggests the closest one and exits 1."""
    result = run("random", "--theme", "think-famly")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "No theme 'think-famly'. Did you mean 'think-family'?\n"
        "See every theme with: learnref list\n"
    )
