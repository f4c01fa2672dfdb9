"""Build learnref's list of related English words from WordNet 3.0.

    apt-get install wordnet-base        # Debian's copy of Princeton WordNet 3.0
    uv run python scripts/build_related_words.py [--wordnet /usr/share/wordnet]

Writes src/learnref/related-words.txt.gz: one line per word, `word<TAB>related,related,...`,
where the related words are the other words of the word's commonest sense, in each part
of speech ("daughter" -> girl; "overseas" -> abroad). Broader terms (hypernyms) are
left out: they drift too far ("upstairs" -> part, "call" -> cry). Search uses it only for
a query word the library does not hold at all, weighs such a match below a typed word or a
thesaurus entry, and shows it ("daughter ≈ girl"). Only common words (the English word
list learnref ships) are kept, which keeps the file small. Also writes
irregular-forms.txt.gz: irregular forms of common words and their base ("shaken" ->
shake), from WordNet's exception lists, which a stemmer cannot see. WordNet's licence is in
src/learnref/related-words.LICENSE.txt.
"""

from __future__ import annotations

import argparse
import gzip
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "learnref"
PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")
SENSES = 1  # a word's commonest sense (WordNet lists senses by frequency), in each part of speech
BROADER_SENSES = 0  # broader terms (hypernyms) drift too far: upstairs ≈ part, call ≈ cry
MAX_RELATED = 12


def read_synsets(folder: Path, pos: str) -> dict[str, tuple[list[str], list[str]]]:
    """{offset: (lemmas, offsets of broader or similar synsets)} of one part of speech."""
    synsets: dict[str, tuple[list[str], list[str]]] = {}
    for line in (folder / f"data.{pos}").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence at the top of the file
        fields = line.split(" | ")[0].split()
        offset, count = fields[0], int(fields[3], 16)
        lemmas = [fields[4 + 2 * index].lower() for index in range(count)]
        rest = fields[4 + 2 * count :]
        pointers = int(rest[0])
        broader = []
        for index in range(pointers):
            symbol, target = rest[1 + 4 * index], rest[2 + 4 * index]
            if symbol in ("@", "@i", "&"):  # hypernym, instance hypernym, similar to
                broader.append(target)
        synsets[offset] = (lemmas, broader)
    return synsets


def clean(lemma: str) -> str:
    """A WordNet lemma as text: `text_message` -> `text message`, markers dropped."""
    return lemma.split("(", maxsplit=1)[0].replace("_", " ").strip()


def related_words(folder: Path, keep: set[str]) -> dict[str, list[str]]:
    """Each common word and the words related to its commonest senses, nearest first."""
    related: dict[str, list[str]] = defaultdict(list)
    for name in PARTS_OF_SPEECH:
        synsets = read_synsets(folder, name)
        for line in (folder / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            word = fields[0].lower()
            if "_" in word or word not in keep:
                continue
            senses = fields[-int(fields[2]) :]
            found = related[word]
            for rank, offset in enumerate(senses[:SENSES]):
                lemmas, broader = synsets[offset]
                found += [clean(lemma) for lemma in lemmas]
                if rank < BROADER_SENSES:
                    for target in broader:
                        found += [clean(lemma) for lemma in synsets[target][0][:3]]
    return {
        word: unique[:MAX_RELATED]
        for word, found in related.items()
        if (unique := [w for w in dict.fromkeys(found) if w and w != word and len(w) > 2])
    }


def irregular_forms(folder: Path, keep: set[str]) -> dict[str, str]:
    """Irregular forms of common words and their base (shaken -> shake, mice -> mouse), from
    WordNet's exception lists: what a stemmer cannot see."""
    forms: dict[str, str] = {}
    for name in ("verb", "noun", "adj"):
        for line in (folder / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1] in keep and "_" not in parts[0] + parts[1]:
                forms.setdefault(parts[0], parts[1])
    return forms


def main() -> int:
    """Write the related-words and irregular-forms files and say how big they are."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    options = parser.parse_args()
    words_file = PACKAGE / "english-words.txt.gz"
    keep = set(gzip.decompress(words_file.read_bytes()).decode("ascii").split())
    related = related_words(options.wordnet, keep)
    lines = [f"{word}\t{','.join(found)}" for word, found in sorted(related.items())]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    target = PACKAGE / "related-words.txt.gz"
    target.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{target}: {len(lines)} words, {target.stat().st_size // 1024} KiB")
    forms = irregular_forms(options.wordnet, keep)
    target = PACKAGE / "irregular-forms.txt.gz"
    text = "".join(f"{form}\t{base}\n" for form, base in sorted(forms.items()))
    target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{target}: {len(forms)} forms, {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
