"""Typo correction on slips made by rule: how often a misspelt library word is read as meant.

For each evaluation library, a fixed sample of its words (six letters or more) is misspelt
in the four ways people slip on a keyboard: a letter left out, two letters swapped, a letter
doubled, a neighbouring key hit instead. A slip that makes another English word is left out
(learnref never corrects a real word). Each slip is searched alone; it counts as read when
learnref corrects it to the word meant, or finds a message holding that word without a
correction. The figures are per kind of slip, over every library:

    uv run python benchmarks/typo_eval.py [--words 150] [--misses]

The sample and the slips come from a fixed seed, so the figures only change when search
does. The labelled typo queries of the evaluation sets are few (8 or so a set); this makes
thousands, to see the rules of correction rather than a handful of examples.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from pathlib import Path

from learnref import commands
from learnref.lexicon import is_english_word
from learnref.search import Index
from learnref.store import Store, stem_phrases

HERE = Path(__file__).resolve().parent
SETS = ("eval", "eval2", "eval3", "eval4", "eval5")
KINDS = ("left out", "swapped", "doubled", "next key")
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
MIN_LENGTH = 6
SEED = 7


def next_keys(letter: str) -> list[str]:
    """The keys beside a letter on its row of a QWERTY keyboard."""
    for row in KEYBOARD_ROWS:
        at = row.find(letter)
        if at >= 0:
            return [row[i] for i in (at - 1, at + 1) if 0 <= i < len(row)]
    return []


def slips(word: str, rng: random.Random) -> dict[str, str]:
    """The word misspelt each way, at one position inside it (never the first letter)."""
    at = rng.randrange(1, len(word) - 1)
    made = {
        "left out": word[:at] + word[at + 1 :],
        "swapped": word[:at] + word[at + 1] + word[at] + word[at + 2 :],
        "doubled": word[:at] + word[at] + word[at:],
    }
    keys = next_keys(word[at])
    if keys:
        made["next key"] = word[:at] + rng.choice(keys) + word[at + 1 :]
    return made


def library_words(store: Store) -> list[str]:
    """The distinct lower-case words of six letters or more in a library's messages."""
    texts = [
        text
        for briefing in store.briefings()
        for theme in briefing.themes
        for text in theme.messages
    ]
    return sorted(
        {w for text in texts for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= MIN_LENGTH}
    )


def same_word(store: Store, one: str, other: str) -> bool:
    """Whether two words are forms of one word, as the library's index stems them."""
    first, second = store.reading(lambda: stem_phrases(Index(store).db, [one, other]))
    return bool(first == second)


def evaluate(words_per_library: int) -> tuple[Counter[str], Counter[str], list[str]]:
    """Slips searched and slips read as meant, per kind, and a line for each miss."""
    rng = random.Random(SEED)
    tried: Counter[str] = Counter()
    read: Counter[str] = Counter()
    misses: list[str] = []
    for name in SETS:
        store = commands.open_library(
            use_cache=False, data=[HERE / name / "library"], bundled=False, user=False
        )
        words = library_words(store)
        for word in rng.sample(words, min(words_per_library, len(words))):
            for kind, typed in slips(word, rng).items():
                if typed == word or is_english_word(typed):
                    continue
                result = commands.search_messages(store, typed, limit=1)
                correction = result.corrections.get(typed)
                first = result.hits[0].message.text.lower() if result.hits else ""
                tried[kind] += 1
                if (correction is None and word in first) or (
                    correction is not None and same_word(store, correction, word)
                ):
                    read[kind] += 1
                else:
                    misses.append(
                        f"{kind:<9} {word} -> {typed}: read as {correction or first[:40]!r}"
                    )
    return tried, read, misses


def main() -> None:
    """Print the share of slips read as meant, per kind and in all."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=150, help="words sampled per library")
    parser.add_argument("--misses", action="store_true", help="list the slips not read as meant")
    args = parser.parse_args()
    tried, read, misses = evaluate(args.words)
    for kind in KINDS:
        print(f"{kind:<9} {read[kind]:>5} of {tried[kind]:>5}  {read[kind] / tried[kind]:.1%}")
    total, good = sum(tried.values()), sum(read.values())
    print(f"{'all':<9} {good:>5} of {total:>5}  {good / total:.1%}")
    if args.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
