"""`learnref import` turns saved partnership pages into drafts that are faithful to the page
(golden files for six page shapes and the seed's text copy), load back exactly, validate once
their FILL IN values are written, and fail with a clear message, never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from learnref.importer import (
    PageError,
    draft_from_bytes,
    meta_line,
    parse_date,
    render_draft,
)
from learnref.loader import read_file
from learnref.yaml_hints import PLACEHOLDER

from .briefing_files import parse
from .conftest import DATA, GOLDEN, ROOT, Runner, assert_golden

PAGES = DATA / "pages"
SEED_COPY = DATA / "seed" / "hscp-learning-from-reviews.txt"
HSCP_URL = "https://www.hampshirescp.org.uk/learning-from-reviews/"
FIXTURES = sorted(path.name for path in PAGES.glob("*.html"))

# What each FILL IN placeholder becomes when a person has checked the page.
_FILLED = {
    "title": '"A briefing title"',
    "publisher": '"A Safeguarding Children Partnership"',
    "published": "2024-01-31",
    "url": '"https://partnership.example.org/briefing"',
}


def _draft_text(name: str, *, url: str | None = None) -> str:
    return render_draft(draft_from_bytes((PAGES / name).read_bytes(), name, url=url))


def _fill_in(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return f"{match.group(1)}{match.group(2)}: {_FILLED[match.group(2)]}"

    return re.sub(r'^( *)(\w+): "FILL IN:[^"\n]*"$', replace, text, flags=re.M)


def test_there_are_six_page_shapes() -> None:
    """The fixtures cover WordPress, a council CMS, nested lists, a table of contents, a page
    without a date and broken HTML."""
    assert FIXTURES == [
        "broken.html",
        "contents.html",
        "council.html",
        "nested.html",
        "no-date.html",
        "wordpress.html",
    ]


@pytest.mark.parametrize("name", FIXTURES)
def test_draft_matches_golden(name: str) -> None:
    """Each saved page gives exactly its reviewed draft."""
    assert_golden(f"import/{Path(name).stem}.yaml", _draft_text(name))


@pytest.mark.parametrize("name", FIXTURES)
def test_golden_drafts_validate_once_filled_in(name: str, tmp_path: Path, run: Runner) -> None:
    """A golden draft, its FILL IN values written, passes `learnref validate`: the guessed
    values are well-formed and the quoting holds."""
    text = (GOLDEN / "import" / f"{Path(name).stem}.yaml").read_text(encoding="utf-8")
    filled = _fill_in(text)
    assert not re.search(r"^[^#]*FILL IN", filled, flags=re.M)
    path = tmp_path / "draft.yaml"
    path.write_text(filled, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert "OK (1 briefing" in result.stdout


@pytest.mark.parametrize("name", FIXTURES)
def test_draft_loads_back_exactly(name: str, tmp_path: Path) -> None:
    """What the loader reads from a draft is what the importer found, character for character."""
    draft = draft_from_bytes((PAGES / name).read_bytes(), name)
    path = tmp_path / "draft.yaml"
    path.write_text(_fill_in(render_draft(draft)), encoding="utf-8")
    content = read_file(path)
    assert content.problems == []
    (briefing,) = content.briefings
    assert briefing.summary == draft.summary
    assert briefing.remember == (draft.remember.text if draft.remember else None)
    assert [theme.title for theme in briefing.themes] == [theme.title for theme in draft.themes]
    assert [theme.messages for theme in briefing.themes] == [
        tuple(message.text for message in theme.messages) for theme in draft.themes
    ]
    assert [theme.note for theme in briefing.themes] == [theme.note for theme in draft.themes]


def test_seed_text_copy_gives_the_bundled_briefing(tmp_path: Path) -> None:
    """The text copy the bundled file was transcribed from gives the same title, date,
    category, summary, remember line, themes and key messages."""
    raw = SEED_COPY.read_bytes()
    draft = draft_from_bytes(raw, SEED_COPY.name, url=HSCP_URL)
    path = tmp_path / "hscp.yaml"
    path.write_text(render_draft(draft), encoding="utf-8")
    (imported,) = read_file(path).briefings
    (bundled,) = read_file(ROOT / "data" / "briefings.yaml").briefings
    for field in ("id", "title", "publisher", "publisher_short", "published", "category"):
        assert getattr(imported, field) == getattr(bundled, field), field
    assert imported.url == bundled.url
    assert imported.summary == bundled.summary
    assert imported.remember == bundled.remember
    assert [t.title for t in imported.themes] == [t.title for t in bundled.themes]
    assert [t.slug for t in imported.themes] == [t.slug for t in bundled.themes]
    assert [t.messages for t in imported.themes] == [t.messages for t in bundled.themes]
    assert imported.themes[2].note == (
        "The published page lists this theme, but no key messages were found under it. "
        f"Read the theme on the published page: {HSCP_URL}"
    )


def test_seed_copy_is_the_shared_seed() -> None:
    """The test copy of the seed page is byte for byte the shared one, when it is at hand."""
    for folder in (ROOT.parent / "shared" / "seed", ROOT.parent.parent / "shared" / "seed"):
        shared = folder / "000_a7e7b74f83d4c506.txt"
        if shared.exists():
            assert SEED_COPY.read_bytes() == shared.read_bytes()
            return
    pytest.skip("the shared seed is not beside this checkout")


def test_seed_draft_marks_its_guesses() -> None:
    """Without --url the seed's draft asks for the address; its guesses carry # check:."""
    text = render_draft(draft_from_bytes(SEED_COPY.read_bytes(), SEED_COPY.name))
    assert '    url: "FILL IN: the address of the published page, https://..."\n' in text
    assert (
        "    # check: publisher guessed from the page's text\n"
        '    publisher: "Hampshire Safeguarding Children Partnership"\n'
    ) in text
    assert "  # check: id made from the publisher, date and title" in text
    assert "Toggle Contrast" not in text
    assert text.startswith(
        "# A draft briefing, made by `learnref import` from hscp-learning-from-reviews.txt.\n"
    )


# ---------------------------------------------------------------------------------------
# The command.


def test_import_writes_output_and_says_what_to_check(tmp_path: Path, run: Runner) -> None:
    """--output writes the draft and one summary line goes to stderr."""
    out = tmp_path / "draft.yaml"
    result = run("import", str(PAGES / "wordpress.html"), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == _draft_text("wordpress.html").replace(
        "from wordpress.html.", f"from {PAGES / 'wordpress.html'}."
    )
    assert result.stderr == (
        f"Read 2 themes and 5 key messages from '{PAGES / 'wordpress.html'}'; 4 lines to check "
        f"(marked # check:). Check them, then: learnref validate {out}\n"
    )


def test_output_is_never_overwritten_without_force(tmp_path: Path, run: Runner) -> None:
    """An existing --output file is kept, exit 1, unless --force."""
    out = tmp_path / "draft.yaml"
    out.write_text("mine\n", encoding="utf-8")
    page = str(PAGES / "council.html")
    refused = run("import", page, "-o", str(out))
    assert refused.exit_code == 1
    assert "already exists" in refused.stderr
    assert "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"
    forced = run("import", page, "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("# A draft briefing")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a Unix feature")
def test_output_to_a_pipe_writes_into_it(run: Runner, tmp_path: Path) -> None:
    """--output naming a pipe or device (/dev/null) writes into it, never renames over it."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("import", str(SEED_COPY), "-o", str(fifo), "--force")
    reader.join(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received
    assert received[0].startswith(b"# A draft briefing")


def test_stdin_is_read_with_dash_and_html_detected(run: Runner) -> None:
    """`-` reads standard input; HTML is told from a text copy by its content."""
    from typer.testing import CliRunner

    from learnref.cli import app

    html = (PAGES / "nested.html").read_bytes()
    result = CliRunner().invoke(app, ["import", "-", "--url", "https://x.example/p"], input=html)
    assert result.exit_code == 0, result.stderr
    assert "from standard input." in result.stdout.splitlines()[0]
    assert '    url: "https://x.example/p"\n' in result.stdout
    assert "Give safe sleep advice at every contact" in result.stdout
    assert result.stderr.startswith("Read 2 themes and 4 key messages from standard input; ")
    assert result.stderr.endswith("Check them, then: learnref validate FILE\n")

    text = SEED_COPY.read_bytes()
    result = CliRunner().invoke(app, ["import", "-"], input=text)
    assert result.exit_code == 0, result.stderr
    assert '  - id: "hscp-2023-09-learning-from-reviews"\n' in result.stdout


def test_closed_or_failing_stdin_is_an_error() -> None:
    """No standard input, or one that fails: PageError, not a traceback."""
    import io

    from learnref.importer import read_stream

    with pytest.raises(PageError, match="standard input: it is closed"):
        read_stream(None)

    class Failing(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError(5, "Input/output error")

    with pytest.raises(PageError, match="Cannot read standard input: input/output error"):
        read_stream(Failing())
    with pytest.raises(PageError, match="too large"):
        read_stream(io.BytesIO(b"x" * (32 * 1024 * 1024 + 1)))


def test_stdout_draft_is_utf8_and_the_dash_output_means_stdout(run: Runner) -> None:
    """`-o -` writes to stdout too, in UTF-8 whatever the console."""
    result = run("import", str(SEED_COPY), "-o", "-")
    assert result.exit_code == 0
    assert "Don’t assume" in result.stdout


def test_missing_file_is_named(run: Runner, tmp_path: Path) -> None:
    """A missing page: exit 1, its name, and what to give instead."""
    missing = tmp_path / "nowhere.html"
    result = run("import", str(missing))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"No such file: '{missing}'.\n")
    assert "Traceback" not in result.stderr


def test_a_folder_is_refused(run: Runner, tmp_path: Path) -> None:
    """A folder given as the page: exit 1, said plainly."""
    result = run("import", str(tmp_path))
    assert result.exit_code == 1
    assert "is a folder, not a saved page" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "has no headings with bulleted lists under them"),
        (b"<html><body><p>Just a paragraph.</p></body></html>", "found no themes"),
        (b"<h2>One</h2><p>Text only.</p>", "has headings but no bulleted list"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "is a binary file, not a saved web page"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF document, not a saved web page"),
        (b"<p>caf\xe9</p>", "is not UTF-8 text (line 1 has a byte that is not UTF-8)"),
        (b'<meta charset="klingon"><p>caf\xe9</p>', "declares the character set 'klingon'"),
    ],
)
def test_unusable_pages_fail_clearly(
    content: bytes, expected: str, run: Runner, tmp_path: Path
) -> None:
    """An empty, list-less, binary or undecodable page: exit 1 and a message naming it."""
    page = tmp_path / "page.html"
    page.write_bytes(content)
    result = run("import", str(page))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert f"'{page}'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_declared_charset_is_used_when_not_utf8() -> None:
    """A page saved as Windows-1252 and saying so keeps its curly quotes and dashes."""
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "</head><body><h2>Theme</h2><ul><li>Don\x92t wait \x96 act.</li></ul></body></html>"
    ).encode("latin-1")
    draft = draft_from_bytes(page, "old.htm")
    assert draft.themes[0].messages[0].text == "Don’t wait – act."


def test_utf16_with_bom_is_read() -> None:
    """A page saved as UTF-16 (with its byte-order mark) is read, not refused as binary."""
    page = "\ufeff<h2>Théme</h2><ul><li>Ask again.</li></ul>".encode("utf-16-le")
    assert draft_from_bytes(page, "page.html").themes[0].title == "Théme"


def test_control_characters_never_reach_the_terminal(run: Runner, tmp_path: Path) -> None:
    """An escape sequence in a file name or in the page is shown escaped, or dropped."""
    page = tmp_path / "evil\x1b[2J.html"
    page.write_bytes(b"<h2>T\x1b[31mitle</h2><ul><li>One\x07 message</li></ul>")
    result = run("import", str(page))
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr
    assert "\x1b" not in result.stdout
    assert "\\x1b[2J" in result.stderr
    assert '- "One message"' in result.stdout
    missing = run("import", str(tmp_path / "gone\x1b]0;x\x07.html"))
    assert missing.exit_code == 1
    assert "\x1b" not in missing.stderr


def test_deeply_nested_page_does_not_crash() -> None:
    """Thousands of nested elements or lists are read without running out of stack."""
    page = "<h2>Deep</h2>" + "<div>" * 5000 + "<ul><li>Kept</li></ul>" + "</div>" * 5000
    assert draft_from_bytes(page.encode(), "deep.html").themes[0].messages[0].text == "Kept"
    lists = "<h2>Lists</h2><ul><li>Top" + "<ul><li>in" * 300 + "</li></ul>" * 300 + "</li></ul>"
    message = draft_from_bytes(lists.encode(), "lists.html").themes[0].messages[0].text
    assert message == "Top" + " in" * 300


# ---------------------------------------------------------------------------------------
# Rules, one at a time.


def test_nested_list_folds_into_its_parent_message() -> None:
    """Sub-bullets join their bullet: the first after a space, the others after "; " (a
    space alone after a sub-item ending in punctuation); the message is marked to check."""
    text = _draft_text("nested.html")
    assert (
        "          # check: a list nested under this bullet is joined into it with '; ': "
        "check the separators\n"
        '          - "The risk is higher when a parent has: drunk alcohol; taken drugs or '
        'medication that makes them drowsy; smoked"\n'
    ) in text


def test_text_copy_nested_bullets_and_wrapped_items() -> None:
    """In a text copy, a deeper bullet is nested, and an indented line continues an item."""
    page = (
        "Briefing title\n\nDate: 1 May 2024\n\nA theme\n\n"
        "  • Consider:\n      ◦ one\n      ◦ two\n"
        "  - A long item\n    that wraps\n\nRemember: be curious.\n"
    )
    draft = draft_from_bytes(page.encode(), "copy.txt")
    assert draft.title.text == "Briefing title"
    assert draft.published.text == "2024-05-01"
    assert [m.text for m in draft.themes[0].messages] == [
        "Consider: one; two",
        "A long item that wraps",
    ]
    assert draft.remember is not None
    assert draft.remember.text == "be curious."


def test_table_of_contents_and_furniture_are_left_out() -> None:
    """In-page link lists, navigation, share links, cookie banners and widgets never
    become themes, messages or summary."""
    for name in FIXTURES:
        text = _draft_text(name)
        for furniture in (
            'Spotting exploitation"\n          - ',
            "Toggle Contrast",
            "cookies",
            "Share this",
            "Twitter",
            "Recent posts",
            "In this section",
            "Back to top",
            "Skip to",
            "dataLayer",
            "schema.org",
            "All rights reserved",
            "On this page",
        ):
            assert furniture not in text, (name, furniture)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday, 12th Sep 2023", ("2023-09-12", None)),
        ("12 September 2023", ("2023-09-12", None)),
        ("1st of March, 2024", ("2024-03-01", None)),
        ("March 5, 2024", ("2024-03-05", None)),
        ("2024-03-05T09:30:00+00:00", ("2024-03-05", None)),
        ("14/06/2022", ("2022-06-14", "published read from '14/06/2022' as day/month/year")),
        ("31 February 2024", None),
        ("soon", None),
    ],
)
def test_parse_date(text: str, expected: tuple[str, str | None] | None) -> None:
    """Dates as partnership pages write them become YYYY-MM-DD; impossible ones none."""
    assert parse_date(text) == expected


def test_meta_line() -> None:
    """The visible date-and-category line is read, and only such lines are."""
    assert meta_line("Date: Tuesday, 12th Sep 2023 | Category: Training") == (
        "Tuesday, 12th Sep 2023 ",
        "Training",
    )
    assert meta_line("Posted on 5 March 2024") == ("5 March 2024", None)
    assert meta_line("Page last reviewed: 10 April 2024") == (None, None)
    assert meta_line("Posted on the noticeboard for everyone to see") is None
    assert meta_line("Date night is a good idea") is None


def test_remember_line_forms() -> None:
    """A labelled take-away loses only its label; a bold line ending the page is marked."""
    labelled = draft_from_bytes(
        b"<h2>T</h2><ul><li>m</li></ul><p>Remember &#8211; Keep \xe2\x80\x98it\xe2\x80\x99.</p>",
        "a.html",
    )
    assert labelled.remember is not None
    assert labelled.remember.text == "Keep ‘it’."
    assert labelled.remember.check is None
    bold = draft_from_bytes(b"<h2>T</h2><ul><li>m</li></ul><p><b>Talk to the child.</b></p>", "b")
    assert bold.remember is not None
    assert bold.remember.text == "Talk to the child."
    assert bold.remember.check == "remember taken from the bold line that ends the page"
    assert "Talk to the child" not in (bold.themes[0].checks or ("",))[0]


def test_duplicate_theme_titles_get_unique_slugs() -> None:
    """Two themes with one title: the second slug is numbered and marked to check."""
    page = b"<h2>Voice</h2><ul><li>a</li></ul><h2>Voice</h2><ul><li>b</li></ul>"
    draft = draft_from_bytes(page, "dup.html")
    assert [theme.slug for theme in draft.themes] == ["voice", "voice-2"]
    assert draft.themes[1].checks == ("slug 'voice-2' made unique: another theme has 'voice'",)


def test_page_error_is_a_learnref_error() -> None:
    """Import failures go through learnref's one error path, with exit code 1."""
    with pytest.raises(PageError) as caught:
        draft_from_bytes(b"nothing here", "-")
    assert caught.value.exit_code == 1
    assert caught.value.message.startswith("standard input has no headings")


def test_metadata_fallbacks() -> None:
    """Without an <h1> or visible date, the title comes from og:title or <title> and the
    date from a <time> element, each marked; a category outside the content is marked."""
    page = (
        b'<html><head><meta property="og:title" content="OG title"><title>T | Site</title>'
        b'</head><body><div class="entry-meta">Category: Practice</div><main>'
        b'<p>Published <time datetime="2021-05-04">May</time></p>'
        b"<h2>A</h2><ul><li>m</li></ul></main></body></html>"
    )
    draft = draft_from_bytes(page, "p.html")
    assert draft.title == ("OG title", "title taken from the page's og:title")
    assert draft.published == ("2021-05-04", "published taken from the page's <time> element")
    assert draft.category == (
        "Practice",
        "category read from a line outside the page's main text",
    )
    cut = draft_from_bytes(b"<title>Neglect - A Partnership</title><h2>A</h2><ul><li>m</ul>", "p")
    assert cut.title == (
        "Neglect",
        "title taken from the page's <title>, with the site's name after it cut off",
    )
    whole = draft_from_bytes(b"<title>Neglect</title><h2>A</h2><ul><li>m</ul>", "p.htm")
    assert whole.title == ("Neglect", "title taken from the page's <title>")


def test_hidden_parts_and_line_breaks() -> None:
    """Hidden elements and navigation roles are left out; <br> is a space; a list before
    the first theme goes to the summary, marked; a link-less resource keeps its title."""
    page = (
        b"<body><div hidden><h2>Hidden</h2><ul><li>no</li></ul></div>"
        b'<p aria-hidden="true">icon</p><div role="navigation"><ul><li>Nav</li></ul></div>'
        b"<p>Line one<br>line two</p><ul><li>Intro item</li></ul>"
        b"<h2>Theme</h2><ul><li>Kept<br>together</li></ul>"
        b"<h2>Further reading:</h2><ul><li>A leaflet</li></ul></body>"
    )
    draft = draft_from_bytes(page, "p.html")
    assert draft.summary == "Line one line two\n\nIntro item"
    assert draft.summary_check is not None
    assert [t.title for t in draft.themes] == ["Theme"]
    assert draft.themes[0].messages[0].text == "Kept together"
    assert draft.resources == (("A leaflet", None),)
    text = render_draft(draft)
    assert "    # check: the summary holds a list" in text
    assert '      - title: "A leaflet"\n    themes:' in text


def test_text_copy_sniffed_by_content_and_wrapped_sub_items() -> None:
    """A page with no known suffix is read as text when it has no tags."""
    page = "Title line\n\nA theme\n• Lead-in:\n    ◦ first\n      continued\n•\n"
    draft = draft_from_bytes(page.encode(), "notes")
    assert [m.text for m in draft.themes[0].messages] == ["Lead-in: first continued"]


def test_three_themes_with_one_title() -> None:
    """A third theme with a taken slug gets the next free number."""
    page = b"".join(b"<h2>Voice</h2><ul><li>a</li></ul>" for _ in range(3))
    slugs = [theme.slug for theme in draft_from_bytes(page, "p.html").themes]
    assert slugs == ["voice", "voice-2", "voice-3"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xef\xbb\xbf<h2>\xff</h2>", "starts with a UTF-8 byte-order mark but is not that"),
        (
            b'<meta charset="windows-1252"><h2>\x81\xff</h2>',
            "is neither UTF-8 nor the 'windows-1252' it declares",
        ),
    ],
)
def test_undecodable_pages(content: bytes, expected: str) -> None:
    """A page that is not the encoding it claims is refused, naming it."""
    with pytest.raises(PageError, match=re.escape(expected)):
        draft_from_bytes(content, "p.html")


def test_large_and_unreadable_files(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page over the size limit, or one the system will not read: exit 1, named."""
    page = tmp_path / "big.html"
    page.write_bytes(b"<h2>A</h2><ul><li>m</li></ul>")
    monkeypatch.setattr("learnref.importer.MAX_PAGE_BYTES", 10)
    result = run("import", str(page))
    assert result.exit_code == 1
    assert "too large for a saved briefing page" in result.stderr
    monkeypatch.setattr("learnref.importer.MAX_PAGE_BYTES", 10_000)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = run("import", str(page))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Cannot read '{page}': permission denied.")


# ---------------------------------------------------------------------------------------
# The installed command, and start-up cost.


def test_installed_entry_point_imports_a_page(run_installed: Runner, tmp_path: Path) -> None:
    """Through the installed `learnref`: the draft is written, said, and validates."""
    out = tmp_path / "council.yaml"
    page = str(PAGES / "council.html")
    result = run_installed("import", page, "-o", str(out), "--url", "https://e.example/p")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"Read 3 themes and 6 key messages from '{page}'; 5 lines to check (marked # check:). "
        f"Check them, then: learnref validate {out}\n"
    )
    assert '    url: "https://e.example/p"\n' in out.read_text(encoding="utf-8")
    checked = run_installed("validate", str(out))
    assert checked.exit_code == 0, checked.stderr
    assert checked.stdout == f"{out}: OK (1 briefing, 3 themes, 6 messages)\n"
    missing = run_installed("import", str(tmp_path / "missing.html"))
    assert missing.exit_code == 1
    assert "Traceback" not in missing.stderr


def test_start_up_does_not_import_the_html_parser() -> None:
    """selectolax and the importer load only for `learnref import`."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "learnref", "list"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LEARNREF_UPDATE_GOLDEN": ""},
    )
    assert completed.returncode == 0, completed.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in completed.stderr.splitlines()}
    assert "learnref.cli" in imported
    assert not {name for name in imported if name.startswith(("selectolax", "learnref.importer"))}


@settings(max_examples=150, deadline=None)
@example(["\u2066", "a\u202eb\u2060c"])  # bidi controls and word joiners are dropped
@example(["FILL IN"])  # the template's placeholder: refused by the loader, so left out
@example(
    ["\u200c", "a \u200d\u200cb", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"]
)  # loose joiners dropped, a word's kept
@given(
    st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80),
        min_size=1,
        max_size=4,
    )
)
def test_any_message_text_loads_back_exactly(texts: list[str]) -> None:
    """Whatever characters a list item holds, the draft's YAML loads back as the item's
    text with only its whitespace made single spaces."""
    import html

    from learnref.importer import clean

    expected = [clean(text) for text in texts if clean(text)]
    assume(expected)
    # A text that opens like the template's placeholder ("FILL IN") is refused by the loader
    # on purpose, wherever it comes from; no published key message does.
    assume(not any(text.startswith(PLACEHOLDER) for text in expected))
    items = "".join(f"<li>{html.escape(text)}</li>" for text in texts)
    page = f"<h1>T</h1><p>Date: 1 May 2024</p><h2>Theme</h2><ul>{items}</ul>"
    draft = draft_from_bytes(page.encode("utf-8"), "p.html", url="https://x.example/")
    text = render_draft(draft).replace('"FILL IN: who published the page, in full"', '"P"')
    content = parse(text.encode("utf-8"), "draft.yaml")
    assert content.problems == []
    assert list(content.briefings[0].themes[0].messages) == expected


def test_related_posts_blocks_are_left_out() -> None:
    """A WordPress "Related" block (Jetpack's jp-relatedposts, YARPP) inside the content is
    left out: its links are other pages, not key messages."""
    page = (
        "<html><head><title>Learning</title></head><body><div class='entry-content'>"
        "<h1>Learning</h1><p>Date: 1 May 2024</p><h2>Neglect</h2><ul><li>Look at the home.</li>"
        "</ul><div id='jp-relatedposts'><h3>Related</h3><ul><li><a href='/x'>Annual Report</a>"
        "</li></ul></div><div class='yarpp-related'><h3>More</h3><ul><li>Other</li></ul></div>"
        "</div></body></html>"
    )
    draft = draft_from_bytes(page.encode("utf-8"), "p.html", url="https://x.example/")
    assert [theme.title for theme in draft.themes] == ["Neglect"]


def test_numbered_items_in_a_text_copy_are_key_messages() -> None:
    """A text copy whose list is numbered ("1. ...") gives a theme and its messages, the
    numbers left out like bullets, rather than one long summary."""
    text = (
        "Learning Brief\n\nDate: 1 May 2024\n\nAn introduction.\n\nNeglect\n\n"
        "1. Look at the home.\n2. Talk to the child.\n"
    )
    draft = draft_from_bytes(text.encode("utf-8"), "brief.txt", url="https://x.example/")
    assert [theme.title for theme in draft.themes] == ["Neglect"]
    assert [m.text for m in draft.themes[0].messages] == [
        "Look at the home.",
        "Talk to the child.",
    ]
