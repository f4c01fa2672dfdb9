"""`learnref export`: files written safely, and HTML that is one accessible, self-contained page."""

from __future__ import annotations

import errno
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from learnref.loader import read_file

from .conftest import DATA, ROOT, Runner, golden

EXPORT_ENV = {"SOURCE_DATE_EPOCH": "1746057600"}
THEME_HTML = "export-theme-think-family.html"


def test_export_writes_a_file(run: Runner, tmp_path: Path) -> None:
    """--output writes the export to the file, says so on stderr, and prints nothing else."""
    target = tmp_path / "handout.html"
    result = run("export", "--theme", "think-family", "-o", str(target), env=EXPORT_ENV)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"Wrote 3 key messages to {target}.\n"
    assert target.read_text(encoding="utf-8") == golden(THEME_HTML)


def test_export_format_follows_the_file_name(run: Runner, tmp_path: Path) -> None:
    """Without --format, an --output ending in .md gets Markdown (and .html gets HTML)."""
    target = tmp_path / "handout.md"
    result = run("export", "--theme", "think-family", "-o", str(target), env=EXPORT_ENV)
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == golden("export-theme-think-family.md")


def test_export_dash_is_stdout(run: Runner) -> None:
    """`--output -` writes to stdout."""
    result = run("export", "--theme", "think-family", "-o", "-", "-f", "html", env=EXPORT_ENV)
    assert (result.exit_code, result.stdout) == (0, golden(THEME_HTML))


def test_new_file_gets_ordinary_permissions(run: Runner, tmp_path: Path) -> None:
    """A new export file is readable by others as the umask allows, not private like a temp file."""
    target = tmp_path / "handout.html"
    old = os.umask(0o022)
    try:
        run("export", "-o", str(target))
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_existing_file_is_kept_without_force(run: Runner, tmp_path: Path) -> None:
    """An existing file is never overwritten without --force: exit 1, file untouched."""
    target = tmp_path / "handout.html"
    target.write_text("my notes", encoding="utf-8")
    result = run("export", "-o", str(target))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"'{target}' already exists, and learnref does not replace files unasked.\n"
        "Add --force to replace it, or choose another name with --output.\n"
    )
    assert target.read_text(encoding="utf-8") == "my notes"


def test_force_replaces_and_keeps_permissions(run: Runner, tmp_path: Path) -> None:
    """--force replaces an existing file, keeping the permissions it had."""
    target = tmp_path / "handout.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    result = run("export", "--theme", "think", "-o", str(target), "--force", env=EXPORT_ENV)
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == golden(THEME_HTML)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_missing_folder(run: Runner, tmp_path: Path) -> None:
    """--output into a folder that does not exist is refused with the folder named."""
    target = tmp_path / "no-such-folder" / "handout.html"
    result = run("export", "-o", str(target))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Cannot write '{target}': the folder '{target.parent}' does not exist.\n"
        "Create the folder first, or choose another place with --output.\n"
    )


def test_output_is_a_folder(run: Runner, tmp_path: Path) -> None:
    """--output naming a folder is refused, with an example file name."""
    result = run("export", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Cannot write '{tmp_path}': it is a folder.\n"
        f"Give a file name, for example --output {tmp_path / 'learnref-export.html'}\n"
    )


def _refuse(*args: object, **kwargs: object) -> None:
    raise PermissionError(errno.EACCES, "Permission denied")


def test_read_only_folder_simulated(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that refuses new files gives a one-line reason and leaves nothing behind."""
    monkeypatch.setattr("tempfile.mkstemp", _refuse)
    target = tmp_path / "handout.html"
    result = run("export", "-o", str(target))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Cannot write '{target}': permission denied.\n"
        "Nothing was written. Choose another place with --output, or fix the folder's "
        "permissions.\n"
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "cache"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root writes into read-only folders; the simulated test above covers this",
)
def test_read_only_folder(run: Runner, tmp_path: Path) -> None:
    """A real read-only folder gives the same refusal."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run("export", "-o", str(folder / "handout.html"))
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Cannot write '{folder / 'handout.html'}': permission denied.")


def _no_rename(*args: object, **kwargs: object) -> None:
    raise OSError(errno.EIO, "Input/output error")


def test_interrupted_export_leaves_no_partial_file(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the final rename never happens, there is no file at the destination and no temp."""
    monkeypatch.setattr("os.replace", _no_rename)
    target = tmp_path / "out" / "handout.html"
    target.parent.mkdir()
    result = run("export", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Cannot write '{target}': input/output error.\n")
    assert list(target.parent.iterdir()) == []


def test_interrupted_forced_export_keeps_the_old_file(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A --force export interrupted by Ctrl-C before the rename leaves the old file intact."""

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", interrupt)
    target = tmp_path / "out" / "handout.html"
    target.parent.mkdir()
    target.write_text("the old handout", encoding="utf-8")
    result = run("export", "-o", str(target), "--force")
    assert (result.exit_code, result.stderr) == (130, "")
    assert target.read_text(encoding="utf-8") == "the old handout"
    assert list(target.parent.iterdir()) == [target]


def test_briefing_and_theme_together_is_a_usage_error(run: Runner) -> None:
    """--briefing and --theme together are refused with exit 2."""
    result = run("export", "--briefing", "x", "--theme", "y")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr
        == "Give --briefing or --theme, not both.\nOr neither, to export everything.\n"
    )


def test_unknown_briefing(run: Runner) -> None:
    """An unknown --briefing says so, with a suggestion, and exits 1."""
    result = run("export", "--briefing", "hscp-2023-09-learning-from-reveiws")
    assert result.exit_code == 1
    assert result.stderr == (
        "No briefing 'hscp-2023-09-learning-from-reveiws'. "
        "Did you mean 'hscp-2023-09-learning-from-reviews'?\n"
        "See every briefing with: learnref list --briefings\n"
    )


def test_unknown_export_format(run_installed: Runner) -> None:
    """An unknown export --format is a usage error listing the valid ones."""
    result = run_installed("export", "--format", "pdf")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Usage: learnref export [OPTIONS]\n"
        "Try 'learnref export -h' for help.\n\n"
        "Error: Invalid value for '--format' / '-f': 'pdf' is not one of 'markdown', 'html'.\n"
    )


def test_html_on_an_ascii_console(run_installed: Runner) -> None:
    """HTML to an ASCII console keeps every character, as a character reference."""
    result = run_installed(
        "export", "-t", "think-family", "-f", "html", env={"PYTHONIOENCODING": "ascii"}
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.isascii()
    assert "The &#8216;Day in my Life&#8217; tools" in result.stdout


class Structure(HTMLParser):
    """What the structure test needs to know about a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.lang: str | None = None
        self.headings: list[int] = []
        self.urls: list[str] = []
        self.src: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record tags, the page language, headings and every address."""
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if values.get("href"):
            self.urls.append(values["href"] or "")
        if "src" in values:
            self.src.append(values["src"] or "")


def source_links(path: Path) -> set[str]:
    """Every briefing and further-reading address in a data file."""
    content = read_file(path)
    links = {briefing.url for briefing in content.briefings if briefing.url}
    links |= {r.url for b in content.briefings for r in b.resources if r.url}
    return links


@pytest.mark.parametrize(
    ("args", "data"),
    [
        ([], None),
        (["--briefing", "hscp-2023-09-learning-from-reviews"], None),
        (["--theme", "think-family"], None),
        ([], "questions.yaml"),
    ],
)
def test_html_structure(
    run: Runner, monkeypatch: pytest.MonkeyPatch, args: list[str], data: str | None
) -> None:
    """The page has lang en-GB, one h1, headings in order, no script, only source links."""
    path = ROOT / "data" / "briefings.yaml"
    if data is not None:
        path = DATA / data
        monkeypatch.setattr("learnref.sources.bundled_data_path", lambda: path)
    result = run("export", *args, "--format", "html")
    assert result.exit_code == 0
    page = Structure()
    page.feed(result.stdout)
    page.close()
    assert result.stdout.startswith("<!DOCTYPE html>\n")
    assert page.lang == "en-GB"
    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    assert all(b <= a + 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
    assert {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags) == set()
    assert page.src == []
    external = {url for url in page.urls if not url.startswith("#")}
    assert external <= source_links(path)
    assert all(url.startswith("https://") for url in external)
    assert {"main", "header", "footer", "article", "ol", "title", "style"} <= set(page.tags)


def test_every_export_lists_only_the_terms_it_uses(run: Runner) -> None:
    """A whole export's "Terms used" holds the terms its text uses, not the whole glossary."""
    result = run("export", "--format", "html", env=EXPORT_ENV)
    terms = re.findall(r"<dt>([^<]+)</dt>", result.stdout)
    assert terms == ["HIPS", "HSCP", "LIG"]
    assert '<h2 id="glossary">Terms used</h2>' in result.stdout


def test_each_term_stays_with_its_meaning_in_two_columns(run: Runner) -> None:
    """Each term and its meaning share one block that a page break cannot split, and the
    terms print in two columns."""
    page = run("export", "--format", "html", env=EXPORT_ENV).stdout
    assert "<div><dt>HSCP</dt><dd>Hampshire Safeguarding Children Partnership</dd></div>" in page
    assert ".glossary dl > div { break-inside: avoid; page-break-inside: avoid; }" in page
    assert ".glossary dl { columns: 2; }" in page


def test_note_address_is_a_link_and_title_says_key_messages_once(run: Runner) -> None:
    """The Child Sexual Abuse note's address is a link in HTML and Markdown; the page title
    does not repeat "key messages"."""
    address = "https://www.hampshirescp.org.uk/learning-from-reviews/"
    page = run("export", "--format", "html", env=EXPORT_ENV).stdout
    assert f'the published page: <a href="{address}">{address}</a></p>' in page
    assert "<title>Key messages from learning reviews</title>" in page
    markdown = run("export", "--format", "markdown", env=EXPORT_ENV).stdout
    assert f"Read the theme on the published page: <{address}>\n" in markdown
    theme = run("export", "--theme", "think-family", "-f", "html", env=EXPORT_ENV).stdout
    assert "<title>Think Family: key messages</title>" in theme
