"""Write a deterministic synthetic corpus of briefings in learnref's data format (version 1).

By default 5,000 briefings x 3 themes x 5 messages = 75,000 messages of 15-40 words each,
drawn with a Zipf-like frequency from a vocabulary of 24,000 words: common English words
first, a few hundred real safeguarding words among the frequent ones (so that queries such as
`chronology` or `not engaging` have realistic hits), and pronounceable pseudo-words for the
long tail. Theme titles come from a list of 200 names, so many briefings share a theme slug,
as real collections do. The same seed always gives the same file, byte for byte.

    uv run python benchmarks/make_corpus.py [--briefings 5000] [--out PATH] [--seed 1]

The YAML is written by hand, every string quoted with json.dumps (a JSON string is a valid
YAML double-quoted scalar), which is much faster than yaml.dump. The result is then loaded
with PyYAML's CSafeLoader and with learnref's own loader, and must give no problems.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import itertools
import json
import random
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "corpus.yaml"
VOCABULARY_SIZE = 24_000
ZIPF_EXPONENT = 1.0
ZIPF_OFFSET = 2.7

FUNCTION_WORDS = """
the of and to a in that is for with as on be by are this it or from at not their have an
was which you all when where who they can should will has been there any were more what other
its them about if how also than may into so do our would these your each only those over such
very through without before after within both between does must could while being every most
""".split()

SAFEGUARDING_WORDS = """
child children family families parent parents carer carers mother father sibling siblings
baby babies infant infants young person people adolescent adolescents teenager teenagers
information agencies agency partner partners professional professionals practitioner
practitioners worker workers social school schools nursery teacher teachers health visitor
visitors midwife midwives doctor doctors nurse nurses police housing probation
chronology chronologies risk risks assessment assessments plan plans protection safeguarding
safeguard safety safe harm harmed abuse abused neglect neglected exploitation exploited
emotional physical sexual domestic violence injury injuries bruising bruise fracture
fractures concern concerns referral referrals threshold thresholds strategy discussion
meeting meetings conference conferences review reviews serious case learning practice
review practice lessons escalation escalate challenge challenging curiosity curious
professional analysis analyse evidence record records recording recorded case cases
history historical pattern patterns cumulative impact impacts lived experience voice
wishes feelings views engagement engaging engage disguised compliance resistance
hostile hostility avoidant missed appointments appointment attendance absence absent
missing education exclusion excluded home visit visits visiting unannounced bedroom
sleeping arrangements supervision supervised unsupervised alcohol substance misuse drug
drugs mental illness depression anxiety postnatal trauma adverse experiences poverty
debt overcrowding homelessness eviction relationship relationships partner boyfriend
stepfather grandparent grandparents kinship fostering foster adoption looked after
care leaver leavers placement placements court order orders legal proceedings outline
threshold early help support services service universal targeted specialist statutory
multi agency working together sharing share shared consent confidentiality disclosure
disclose disclosed allegation allegations investigation interview interviews medical
examination hospital emergency department admission discharge paediatric paediatrician
injury unexplained explanation explanations inconsistent accounts account believe
listen listening communicate communication language interpreter disability disabled
disabilities needs special educational complex neurodiversity autism learning behaviour
behaviours online grooming images exploitation criminal county lines gang gangs knife
weapon weapons radicalisation extremism trafficking modern slavery female genital
mutilation honour forced marriage private fostering elective home educated electively
registered unregistered transition transitions adult adults vulnerable vulnerability
resilience protective factors strengths challenges parenting capacity capability
fathers men male invisible hidden household members visitors partners unknown
assessment planning core group supervision reflective reflection management manager
managers leadership oversight decision decisions making drift delay timely timescales
proportionate response responses outcome outcomes evaluation improvement improve
guidance procedures procedure policy policies training workforce caseload caseloads
thinking think whole picture background context contextual community neighbourhood
culture cultural faith identity ethnicity diversity inclusion equality discrimination
bullying self harm suicide suicidal ideation wellbeing emotional resilience sleep safe
sudden unexpected death infancy bed sharing cot smoking pregnancy pregnant antenatal
unborn pre birth newborn toddler weight growth development developmental milestones
dental hygiene clothing food hunger nutrition cold dirty unkempt condition conditions
""".split()

THEME_NAMES = """
Think Family
Working Together and Sharing Information
Child Sexual Abuse
Neglect
Domestic Abuse
Chronologies
Professional Curiosity
Escalation and Professional Challenge
The Voice of the Child
Lived Experience of the Child
Disguised Compliance
Invisible Men
Fathers and Male Carers
Safe Sleep
Sudden Unexpected Death in Infancy
Bruising in Non-Mobile Babies
Non-Accidental Injury
Parental Mental Health
Parental Substance Misuse
Parental Alcohol Misuse
Adolescent Neglect
Child Criminal Exploitation
Child Sexual Exploitation
County Lines
Online Safety
Missing from Home
Missing from Education
Elective Home Education
Children with Disabilities
Special Educational Needs
Self-Harm and Suicide Prevention
Mental Health of Young People
Transitions to Adult Services
Care Leavers
Children in Care
Private Fostering
Kinship Care
Pre-Birth Assessment
Unborn Babies
Early Help
Thresholds and Referrals
Strategy Discussions
Child Protection Conferences
Core Groups
Child in Need Planning
Assessment and Analysis
Cumulative Harm
Supervision and Reflection
Management Oversight
Record Keeping
Information Sharing and Consent
Multi-Agency Meetings
Hospital Discharge Planning
Emergency Department Attendance
Health Visiting
Midwifery and Maternity
School Attendance
Exclusion from School
Bullying
Harmful Sexual Behaviour
Peer-on-Peer Abuse
Radicalisation and Extremism
Modern Slavery and Trafficking
Female Genital Mutilation
Forced Marriage
Honour-Based Abuse
Culture, Faith and Identity
Equality and Diversity
Use of Interpreters
Poverty and Deprivation
Housing and Homelessness
Overcrowding
Hostile and Uncooperative Families
Non-Engagement
Was Not Brought
Missed Appointments
Fabricated or Induced Illness
Emotional Abuse
Physical Abuse
Sexual Abuse Within the Family
Contextual Safeguarding
Neighbourhood and Community Risk
Youth Justice
Police Protection
Court Proceedings
Public Law Outline
Adoption
Foster Care
Residential Care
Step-Parents and New Partners
Grandparents and Extended Family
Young Carers
Teenage Parents
Older Siblings
Trauma-Informed Practice
Adverse Childhood Experiences
Relationship-Based Practice
Professional Optimism
Drift and Delay
Case Closure
Transfer Between Areas
Cross-Border Working
Agency Records and Systems
Learning from Practice
""".strip().splitlines()

PLACES = """
Hampshire Surrey Kent Dorset Devon Cornwall Somerset Wiltshire Oxfordshire Berkshire
Buckinghamshire Hertfordshire Essex Suffolk Norfolk Cambridgeshire Lincolnshire
Nottinghamshire Derbyshire Leicestershire Staffordshire Shropshire Herefordshire
Worcestershire Warwickshire Gloucestershire Cumbria Lancashire Cheshire Northumberland
Durham Yorkshire Bristol Portsmouth Southampton Brighton Reading Leeds Sheffield Cardiff
""".split()

TITLE_FORMS = (
    "Learning from Reviews",
    "7-Minute Briefing: {theme}",
    "Practice Learning Briefing: {theme}",
    "Learning from a Local Child Safeguarding Practice Review",
    "Key Messages from a Local Learning Event",
    "Rapid Review Learning: {theme}",
    "Serious Case Review Learning Summary",
    "Multi-Agency Learning Briefing {n}",
)

CATEGORIES = ("Training", "Learning Briefing", "Practice Review", "7-Minute Briefing")

ONSETS = (
    "b c d f g h j k l m n p r s t v w z br cl dr fr gr pl pr st tr sh ch th sk sl sp bl"
).split()
NUCLEI = "a e i o u a e i o ai ea oo ou ie".split()
CODAS = ["", "", "", "", "n", "r", "l", "s", "t", "m", "nd", "st", "rk", "ll"]


def slugify(title: str) -> str:
    """The slug learnref derives from a title: lowercase letters and digits, hyphenated."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))


def theme_names(rng: random.Random, count: int = 200) -> list[str]:
    """The base theme names, then `A and B` pairs of them until there are `count`."""
    names = list(dict.fromkeys(THEME_NAMES))
    seen = {slugify(name) for name in names}
    while len(names) < count:
        first, second = rng.sample(THEME_NAMES[3:], 2)
        name = f"{first} and {second}"
        if slugify(name) not in seen:
            seen.add(slugify(name))
            names.append(name)
    return names


def real_words() -> list[str]:
    """The safeguarding words, once each, less any that are already function words."""
    return [word for word in dict.fromkeys(SAFEGUARDING_WORDS) if word not in FUNCTION_WORDS]


def pseudo_word(rng: random.Random) -> str:
    syllables = rng.choices((2, 3, 4), weights=(5, 4, 1))[0]
    return "".join(
        rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS) for _ in range(syllables)
    )


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Words in frequency-rank order: function words, then real words among pseudo-words."""
    real = real_words()
    taken = set(FUNCTION_WORDS) | set(real)
    pseudo: list[str] = []
    seen: set[str] = set()
    wanted = size - len(FUNCTION_WORDS) - len(real)
    while len(pseudo) < wanted:
        word = pseudo_word(rng)
        if word not in seen and word not in taken:
            seen.add(word)
            pseudo.append(word)
    rest = pseudo
    # Real words go among the frequent ranks, one every eight, in a seeded order.
    rng.shuffle(real)
    for index, word in enumerate(real):
        rest.insert(index * 8, word)
    return [*FUNCTION_WORDS, *rest]


def message(rng: random.Random, words: list[str], cumulative: list[float]) -> str:
    chosen = rng.choices(words, cum_weights=cumulative, k=rng.randint(15, 40))
    if rng.random() < 0.4:
        comma = rng.randint(3, len(chosen) - 4)
        chosen[comma] += ","
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def q(text: str) -> str:
    """A YAML double-quoted scalar: a JSON string is one."""
    return json.dumps(text, ensure_ascii=False)


def build(
    briefings: int, themes_per: int, messages_per: int, seed: int, size: int
) -> tuple[str, int, int]:
    """The corpus text, its message count and the number of distinct words in its messages."""
    rng = random.Random(seed)
    words = vocabulary(rng, size)
    cumulative = list(
        itertools.accumulate(1.0 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(size))
    )
    names = theme_names(rng)
    start = dt.date(2015, 1, 1).toordinal()
    end = dt.date(2025, 12, 31).toordinal()
    used: set[str] = set()
    count = 0
    lines = [
        "# A synthetic corpus for benchmarks, written by benchmarks/make_corpus.py",
        f"# (seed {seed}). The words are made up; it is not real guidance.",
        "version: 1",
        "briefings:",
    ]
    for index in range(1, briefings + 1):
        place = rng.choice(PLACES)
        short = f"{place[:3].upper()}SCP"
        published = dt.date.fromordinal(rng.randint(start, end))
        themes = rng.sample(names, themes_per)
        title = rng.choice(TITLE_FORMS).format(theme=themes[0], n=index)
        ident = f"{short.lower()}-{published:%Y-%m}-briefing-{index:05d}"
        lines += [
            f"  - id: {q(ident)}",
            f"    title: {q(title)}",
            f"    publisher: {q(f'{place} Safeguarding Children Partnership')}",
            f"    publisher_short: {q(short)}",
            f"    published: {published.isoformat()}",
            f"    category: {q(rng.choice(CATEGORIES))}",
            f"    url: {q(f'https://example.org/{place.lower()}/briefings/{ident}/')}",
            f"    remember: {q('If you do one thing, ' + message(rng, words, cumulative))}",
            "    themes:",
        ]
        for theme in themes:
            lines += [
                f"      - title: {q(theme)}",
                f"        slug: {q(slugify(theme))}",
                "        messages:",
            ]
            for _ in range(messages_per):
                text = message(rng, words, cumulative)
                used.update(word.strip(",.").lower() for word in text.split())
                lines.append(f"          - {q(text)}")
                count += 1
    return "\n".join(lines) + "\n", count, len(used)


def verify(path: Path) -> None:
    """Load the file with PyYAML's C loader and with learnref's loader; stop on any problem."""
    began = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.CSafeLoader)
    elapsed = time.perf_counter() - began
    print(f"yaml.CSafeLoader: {len(data['briefings'])} briefings in {elapsed:.2f} s")

    # Imported by name: learnref ships no py.typed marker, so mypy checks this script alone.
    loader = importlib.import_module("learnref.loader")
    began = time.perf_counter()
    content = loader.read_file(path)
    elapsed = time.perf_counter() - began
    if content.problems:
        for problem in content.problems[:20]:
            print(problem, file=sys.stderr)
        raise SystemExit(f"learnref's loader found {len(content.problems)} problems in {path}")
    count = len(content.briefings)
    print(f"learnref.loader.read_file: {count} briefings in {elapsed:.2f} s, no problems")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--briefings", type=int, default=5000, help="how many briefings")
    parser.add_argument("--themes", type=int, default=3, help="themes per briefing")
    parser.add_argument("--messages", type=int, default=5, help="messages per theme")
    parser.add_argument(
        "--vocabulary", type=int, default=VOCABULARY_SIZE, help="words to draw from"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: %(default)s")
    parser.add_argument("--no-verify", action="store_true", help="skip loading it back")
    args = parser.parse_args(argv)
    if args.briefings < 1 or args.themes < 1 or args.messages < 1:
        parser.error("--briefings, --themes and --messages must be at least 1")
    minimum = len(FUNCTION_WORDS) + len(real_words()) + 1
    if args.vocabulary < minimum:
        parser.error(f"--vocabulary must be at least {minimum}")
    if not 1 <= args.themes <= 200:
        parser.error("--themes must be between 1 and 200")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    text, messages, distinct = build(
        args.briefings, args.themes, args.messages, args.seed, args.vocabulary
    )
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    size = out.stat().st_size
    print(f"wrote {out} in {time.perf_counter() - began:.2f} s")
    print(f"briefings: {args.briefings:,}")
    print(f"messages: {messages:,}")
    print(f"distinct words in messages: {distinct:,} (vocabulary {args.vocabulary:,})")
    print(f"size: {size:,} bytes ({size / 1048576:.1f} MB)")
    if not args.no_verify:
        verify(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
