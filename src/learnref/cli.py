"""The command line: options in, one core call, a renderer out.

Errors are turned into messages and exit codes in one place, `LearnrefGroup.invoke`.
Help and usage errors are plain text (Rich is off for them), so they read the same in a
pipe, a screen reader and a console without Unicode.
"""

# No `from __future__ import annotations` here: Typer reads each command's annotations at
# run time, and string annotations are evaluated again for every parameter (about 1.3 ms
# a run). Names imported only for type checkers are quoted.
import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.main
from typer.core import TyperArgument, TyperGroup

from . import __version__, commands
from .errors import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_OK,
    LearnrefError,
    NotFoundError,
    StdoutError,
    UsageError,
)
from .model import NOT_PROCEDURE
from .quoting import counted, shown
from .render import RenderSettings, emit, renderer, settings_for
from .render.console import (
    flush_out,
    silence_stdout,
    write_error,
    write_out,
)
from .store import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from .render.build_progress import BuildProgress
    from .sources import SkippedFile

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

DISCLAIMER = f"learnref is a learning reference, {NOT_PROCEDURE}"

HELP = f"""Key messages from safeguarding 'learning from reviews' briefings, offline.

\b
  learnref list                    the themes
  learnref show think-family       a theme's key messages, with their source
  learnref search chronology       search the key messages (typos are fine)
  learnref glossary CPP            what an acronym stands for
  learnref random                  one key message, to open a meeting
  learnref export -t think-family -o handout.html   a printable page
  learnref subscribe URL           keep a partnership's briefings up to date
  learnref import page.html -o draft.yaml   a published page as a draft file

{DISCLAIMER}
"""


class OutputFormat(str, enum.Enum):
    """Output formats; auto is rich on a terminal and text anywhere else."""

    auto = "auto"
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"


# Where a command's --format is kept for the error handling in LearnrefGroup.invoke
# (Context.meta is shared by the group's context and the command's).
FORMAT_META = "learnref.format"


def _remember_format(ctx: typer.Context, value: OutputFormat | str) -> str:
    """Keep the command's --format, so an error can be reported in it. (The value goes back
    as text: Typer converts what a callback returns to the enum again.)"""
    name = value.value if isinstance(value, OutputFormat) else str(value)
    ctx.meta[FORMAT_META] = name
    return name


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="auto (rich on a terminal, text in a pipe), rich, text, markdown or json.",
        case_sensitive=False,
        callback=_remember_format,
    ),
]


def _print_error(lines: list[str]) -> None:
    for line in lines:
        write_error(line)


def _report_json_error(ctx: Any, error: LearnrefError) -> None:
    """In a --format json run that found nothing, also print one JSON object on stdout with
    the error, the hint and the suggestions, so a program always gets an object."""
    if not isinstance(error, NotFoundError) or ctx.meta.get(FORMAT_META) != "json":
        return
    if error.answered:  # the command wrote its own JSON answer (search's result object)
        return
    from .render.console import stdout_encoding
    from .render.json_format import error_object

    write_out(error_object(error, stdout_encoding()))
    flush_out()


def _named_path(value: str) -> Path:
    """A path typed on the command line; an empty one is a mistake (a variable that was not
    set), not the current folder."""
    if not value:
        raise typer.BadParameter("the path is empty; give a file or a folder.")
    return Path(value)


def _quiet_exit(code: int) -> NoReturn:
    """Leave without Python's complaints about a closed stdout."""
    silence_stdout()
    raise SystemExit(code)


class PlainArgument(TyperArgument):
    """An argument shown in help by its plain name (THEME, FILE), without the braces Typer
    puts round a required one."""

    def make_metavar(self, ctx: Any, *, usage: bool = False) -> str:
        return self.metavar or super().make_metavar(ctx, usage=usage)


def _plain_arguments(command: Any) -> Any:
    """COMMAND with its arguments shown plainly in help and usage lines."""
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = PlainArgument
    return command


# The subcommands are registered here, not on `app`, and LearnrefGroup builds only the one
# that runs: Typer would otherwise inspect every command's signature on every call, about
# 1 ms a command on each run and each Tab press.
registry = typer.Typer()


class LearnrefGroup(TyperGroup):
    """Builds subcommands on demand, and turns learnref's errors, a closed pipe and Ctrl-C
    into messages and exit codes."""

    def _registered(self) -> dict[str, Any]:
        return {str(info.name): info for info in registry.registered_commands}

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self._registered())

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            info = self._registered().get(cmd_name)
            if info is None:
                return None
            self.commands[cmd_name] = _plain_arguments(
                typer.main.get_command_from_info(
                    info, pretty_exceptions_short=True, rich_markup_mode=None
                )
            )
        return self.commands[cmd_name]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self._registered():
            # Not a command: Click quotes it back, so make it safe to print first.
            args = [shown(args[0]), *args[1:]]
            # Typer suggests near names from the built commands: build them all, on this
            # error path only.
            for name in self._registered():
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            flush_out()
        except StdoutError as error:
            _print_error(error.lines())
            _quiet_exit(error.exit_code)
        except LearnrefError as error:
            _report_json_error(ctx, error)
            _print_error(error.lines())
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            _quiet_exit(EXIT_OK)
        except KeyboardInterrupt:
            _quiet_exit(EXIT_INTERRUPTED)
        return result


app = typer.Typer(
    cls=LearnrefGroup,
    help=HELP,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        try:
            count = len(commands.open_library(user=False).briefing_ids())
            data = counted(count, "bundled briefing")
        except LearnrefError:
            data = "bundled data unreadable"
        write_out(f"learnref {__version__} ({data})\n")
        raise typer.Exit()


class ColorMode(str, enum.Enum):
    """When to colour Rich output; NO_COLOR and FORCE_COLOR apply to auto."""

    auto = "auto"
    always = "always"
    never = "never"


def _theme_from_env() -> bool:
    """Whether LEARNREF_THEME asks for high contrast; an unknown value is ignored, with a note."""
    value = os.environ.get("LEARNREF_THEME", "").strip().lower()
    if value in ("", "default"):
        return False
    if value == "high-contrast":
        return True
    write_error(f"LEARNREF_THEME={value!r} is not a theme; use default or high-contrast.")
    return False


class GlobalOptions(NamedTuple):
    """Options given before the command, shared by every command."""

    use_cache: bool = True
    data: tuple[Path, ...] = ()  # --data PATH, in order
    bundled: bool = True
    color: str = "auto"
    high_contrast: bool = False


def _options(ctx: typer.Context) -> GlobalOptions:
    found = ctx.find_object(GlobalOptions)
    return found if found is not None else GlobalOptions()


def _settings(ctx: typer.Context, output: OutputFormat | str) -> RenderSettings:
    """How this command's output should look: its --format with the global options."""
    options = _options(ctx)
    fmt = output.value if isinstance(output, OutputFormat) else output
    return settings_for(fmt, color=options.color, high_contrast=options.high_contrast)


def _warn_skipped(skipped: "SkippedFile") -> None:
    from .render.diagnostics import skipped_warning

    write_error(skipped_warning(skipped))


def _build_progress(color: str) -> "Callable[[], BuildProgress]":
    """What makes the progress bar of a cache build, imported only when a build starts."""

    def make() -> "BuildProgress":
        from .render.build_progress import BuildProgress

        return BuildProgress(colour=color != "never")

    return make


def _store(ctx: typer.Context) -> Store:
    """The library, opened as the global options ask."""
    options = _options(ctx)
    return commands.open_library(
        use_cache=options.use_cache,
        data=options.data,
        bundled=options.bundled,
        warn=_warn_skipped,
        notice=write_error,
        progress=_build_progress(options.color),
    )


def _completions(ctx: typer.Context, kind: str, incomplete: str) -> list[tuple[str, str]]:
    """Candidates for Tab: theme names, briefing ids or glossary terms from the data that the
    command line being completed would load. Completion prints nothing but candidates, so
    any failure here gives none rather than a message."""
    try:
        params = ctx.find_root().params
        store = commands.open_library(
            use_cache=not params.get("no_cache"),
            data=[Path(path) for path in params.get("data") or ()],
            bundled=not params.get("no_bundled"),
            require_briefings=False,
        )
        return commands.completions(store, kind, incomplete)
    except Exception:
        return []


def complete_theme(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Theme slugs and aliases for Tab."""
    return _completions(ctx, "theme", incomplete)


def complete_briefing(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Briefing ids for Tab."""
    return _completions(ctx, "briefing", incomplete)


def complete_term(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Glossary terms for Tab."""
    return _completions(ctx, "term", incomplete)


ThemeOption = Annotated[
    str | None,
    typer.Option(
        "--theme",
        "-t",
        metavar="THEME",
        help="Only this theme: its slug, an alias or a unique start.",
        autocompletion=complete_theme,
    ),
]
BriefingOption = Annotated[
    str | None,
    typer.Option(
        "--briefing",
        "-b",
        metavar="ID",
        help="Only this briefing: its id, or a unique start of it.",
        autocompletion=complete_briefing,
    ),
]


OutputFileOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead of stdout ('-' is stdout). "
        "An existing file is kept unless --force.",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the --output file if it exists.")
]


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version and the number of bundled briefings, then exit.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read the data files afresh instead of the cache (nothing is written).",
        ),
    ] = False,
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data",
            metavar="PATH",
            help="Also read this briefing file, or every *.yaml/*.yml file in this directory "
            "(repeatable; after the user data directory and LEARNREF_DATA).",
            show_default=False,
            parser=_named_path,
        ),
    ] = None,
    no_bundled: Annotated[
        bool,
        typer.Option("--no-bundled", help="Leave out the briefing bundled with learnref."),
    ] = False,
    color: Annotated[
        ColorMode,
        typer.Option(
            "--color",
            metavar="WHEN",
            help="Colour in Rich output: auto (a terminal, unless NO_COLOR is set; or "
            "FORCE_COLOR), always or never. Bold and underline stay either way.",
            case_sensitive=False,
        ),
    ] = ColorMode.auto,
    high_contrast: Annotated[
        bool,
        typer.Option(
            "--high-contrast",
            help="Bold, the terminal's own colours, nothing dim or italic "
            "(also LEARNREF_THEME=high-contrast).",
        ),
    ] = False,
) -> None:
    """Key messages from safeguarding learning briefings."""
    high_contrast = high_contrast or _theme_from_env()
    ctx.obj = GlobalOptions(
        use_cache=not no_cache,
        data=tuple(data or ()),
        bundled=not no_bundled,
        color=color.value,
        high_contrast=high_contrast,
    )
    if ctx.invoked_subcommand not in ("subscribe", "update", "unsubscribe"):
        _remind_to_update()
    if ctx.invoked_subcommand is None:
        _start_screen(ctx)


def _start_screen(ctx: typer.Context) -> None:
    """What bare `learnref` shows: the themes, as `learnref list` does, and where to go next."""
    from .render.diagnostics import start_commands

    themes = commands.list_themes(_store(ctx))
    emit(renderer(_settings(ctx, OutputFormat.auto)).themes(themes))
    with_messages = [theme.slug for theme in themes if theme.message_count] or ["think-family"]
    emit(start_commands(min(with_messages, key=len)))


@registry.command("list")
def list_command(
    ctx: typer.Context,
    briefings: Annotated[
        bool, typer.Option("--briefings", "-b", help="List the briefings instead of the themes.")
    ] = False,
    output: FormatOption = OutputFormat.auto,
) -> None:
    """List the themes (slug, title, number of messages, briefing)."""
    store = _store(ctx)
    out = renderer(_settings(ctx, output))
    if briefings:
        emit(out.briefings(commands.list_briefings(store)))
    else:
        emit(out.themes(commands.list_themes(store)))


@registry.command("show")
def show(
    ctx: typer.Context,
    theme: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="THEME",
            autocompletion=complete_theme,
            help="The theme: its slug (think-family), an alias, a unique start (think) "
            "or its title in quotes. Leave out to list the themes.",
            show_default=False,
        ),
    ] = None,
    output: FormatOption = OutputFormat.auto,
) -> None:
    """Show a theme's key messages, with the briefing, its remember line and the source."""
    store = _store(ctx)
    out = renderer(_settings(ctx, output))
    if not theme:
        emit(out.themes(commands.list_themes(store)))
        return
    emit(out.show(commands.show_theme(store, " ".join(theme))))


@registry.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY", help="Words to look for; typos are fine.", show_default=False
        ),
    ],
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", metavar="N", help="Show at most this many results (1 or more)."
        ),
    ] = 10,
    theme: ThemeOption = None,
    briefing: BriefingOption = None,
    scores: Annotated[
        bool, typer.Option("--scores", help="Show each result's score (0-100) in text output.")
    ] = False,
    output: FormatOption = OutputFormat.auto,
) -> None:
    """Search the key messages, best match first."""
    text = " ".join(query)
    if limit < 1:
        raise typer.BadParameter(f"{limit} is less than 1.", param_hint="'-n' / '--limit'")
    if not text.strip():
        raise typer.BadParameter("the search query is empty; give a word or phrase.")
    result = commands.search_messages(
        _store(ctx), text, limit=limit, theme=theme, briefing=briefing, show_scores=scores
    )
    settings = _settings(ctx, output)
    if result.hits or settings.format == "json":
        # JSON answers a search with no match too: one object with suggestions (and exit 1).
        emit(renderer(settings).search(result))
    commands.require_search_hits(result, answered=settings.format == "json")


@registry.command("glossary")
def glossary(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        typer.Argument(
            metavar="TERM",
            autocompletion=complete_term,
            help="An acronym or term (any case); leave out to list them all.",
            show_default=False,
        ),
    ] = None,
    output: FormatOption = OutputFormat.auto,
) -> None:
    """Show what acronyms and terms stand for."""
    entries = commands.glossary_entries(_store(ctx), term)
    emit(renderer(_settings(ctx, output)).glossary(entries))


@registry.command("validate")
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Briefing files, or directories of *.yaml/*.yml files, to check.",
            show_default=False,
            parser=_named_path,
        ),
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings too (a long message, no url).")
    ] = False,
) -> None:
    """Check briefing files against the data format; report every problem as FILE:LINE:COLUMN."""
    from .render.diagnostics import validation

    report = commands.validate(paths, strict=strict)
    out, err = validation(report)
    emit(out)
    for line in err:
        write_error(line)
    if not report.passed:
        raise typer.Exit(EXIT_DATA)


@registry.command("init")
def init(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The briefing file to write, e.g. my-briefing.yaml.",
            show_default=False,
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write a commented template briefing file to fill in (never over an existing file)."""
    from .render.diagnostics import init_notes, template_written

    path = commands.write_template(file, force=force)
    for line in init_notes(path):
        write_error(line)
    emit(template_written(path))


class InfoFormat(str, enum.Enum):
    """Output formats of `info`."""

    text = "text"
    json = "json"


@registry.command("info")
def info(
    ctx: typer.Context,
    output: Annotated[
        InfoFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="text or json.", case_sensitive=False
        ),
    ] = InfoFormat.text,
) -> None:
    """Show the version, every data source with its counts, and learnref's folders."""
    from .render.diagnostics import info_json, info_text

    options = _options(ctx)
    report = commands.info(use_cache=options.use_cache, data=options.data, bundled=options.bundled)
    emit(info_json(report) if output is InfoFormat.json else info_text(report))


@registry.command("random")
def random_command(
    ctx: typer.Context,
    theme: ThemeOption = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            metavar="N",
            help="Pick the same message again: the same seed (a whole number), the same pick.",
        ),
    ] = None,
    output: FormatOption = OutputFormat.auto,
) -> None:
    """One key message at random, with its theme and source: for a team meeting or supervision."""
    pick = commands.random_message(_store(ctx), theme=theme, seed=seed)
    emit(renderer(_settings(ctx, output)).random(pick))


class ExportFormat(str, enum.Enum):
    """Formats for `export`: a Markdown handout or a self-contained web page."""

    markdown = "markdown"
    html = "html"


@registry.command("export")
def export_command(
    ctx: typer.Context,
    briefing: BriefingOption = None,
    theme: ThemeOption = None,
    output_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="markdown or html. Default: html when --output ends in .html or .htm, "
            "else markdown.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: OutputFileOption = None,
    force: ForceOption = False,
) -> None:
    """Export everything, one briefing or one theme as Markdown or HTML, for handouts."""
    from .render import export
    from .render.diagnostics import export_written

    if briefing is not None and theme is not None:
        raise UsageError(
            "Give --briefing or --theme, not both.", "Or neither, to export everything."
        )
    if output is not None and str(output) == "-":
        output = None
    if output_format is None:
        suffix = output.suffix.lower() if output is not None else ""
        output_format = ExportFormat.html if suffix in (".html", ".htm") else ExportFormat.markdown
    document = commands.export_document(_store(ctx), briefing=briefing, theme=theme)
    export(document, _settings(ctx, output_format.value), output, force=force)
    if output is not None:
        write_error(export_written(document, output))


@registry.command("import")
def import_command(
    page: Annotated[
        str,
        typer.Argument(
            metavar="PAGE",
            help="A saved web page (.html, .htm), a text copy of one (.txt) with '•', '-' or "
            "'*' bullets, or - to read standard input.",
            show_default=False,
        ),
    ],
    output: OutputFileOption = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url", metavar="URL", help="The page's address, when the saved page does not give it."
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Turn a partnership's saved web page into a draft briefing file, to check and validate."""
    from .files import write_file
    from .importer import (
        STDIN_NAME,
        draft_from_bytes,
        read_page,
        read_stream,
        render_draft,
        summary_line,
    )
    from .render.console import write_utf8

    if page == STDIN_NAME:
        raw = read_stream(getattr(sys.stdin, "buffer", None))
    else:
        raw = read_page(Path(page))
    draft = draft_from_bytes(raw, page, url=url)
    text = render_draft(draft)
    if output is not None and str(output) != "-":
        write_file(output, text, force=force, option="--output")
        write_error(summary_line(draft, str(output)))
        return
    write_utf8(text)  # a briefing file is UTF-8, whatever the console's encoding
    write_error(summary_line(draft, None))


@registry.command("subscribe")
def subscribe(
    ctx: typer.Context,
    url: Annotated[
        str,
        typer.Argument(
            metavar="URL",
            help="The https:// address of a partnership's published briefing file.",
            show_default=False,
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="NAME",
            help="What to call it (lowercase letters, digits, hyphens). "
            "Default: made from the address.",
            show_default=False,
        ),
    ] = None,
    sha256: Annotated[
        str | None,
        typer.Option(
            "--sha256",
            metavar="HEX",
            help="Accept only the file with this SHA-256 digest (pins one exact file).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Subscribe to a briefing file published at a URL: fetch and check it now, and keep it
    up to date with learnref update."""
    from .render.updates import subscribed_line

    options = _options(ctx)
    result = commands.subscribe(
        url,
        name=name,
        sha256=sha256,
        use_cache=options.use_cache,
        data=options.data,
        bundled=options.bundled,
    )
    emit(subscribed_line(result) + "\n")


@registry.command("update")
def update(ctx: typer.Context) -> None:
    """Fetch the latest version of every subscription; a failed one keeps its copy."""
    from .render.updates import UpdateDisplay
    from .subscriptions import FAILED, SubscriptionError
    from .subscriptions import update as update_all

    with UpdateDisplay(colour=_options(ctx).color != "never") as display:
        results = update_all(on_start=display.start, on_result=display.result)
    if not results:
        write_error("There are no subscriptions to update.")
        write_error("Subscribe to a partnership's briefing file with: learnref subscribe URL")
    elif all(result.status == FAILED for result in results):
        offline = all(result.connection for result in results)
        raise SubscriptionError(
            "No subscription could be updated; each keeps the copy it had.",
            "Check the connection, then run learnref update again."
            if offline
            else "Each line above says why; a file that moved or changed is a question for "
            "its publisher. Then run learnref update again.",
        )


@registry.command("unsubscribe")
def unsubscribe(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="The subscription to remove (see learnref info).",
            show_default=False,
        ),
    ],
) -> None:
    """Remove a subscription and its stored copy."""
    from .subscriptions import unsubscribe as remove

    removed = remove(name)
    emit(f"Unsubscribed from {removed.name} ({removed.url}); its copy is removed.\n")


def _remind_to_update() -> None:
    """The reminder that subscriptions are old, when update_reminder_days is set in
    subscriptions.toml: on a terminal's stderr only; without subscriptions it costs one
    failed open, and the TOML is parsed only when the setting is there."""
    if not sys.stderr.isatty():  # a person is there to read it, not a log
        return
    from .paths import subscriptions_file

    try:
        data = subscriptions_file().read_bytes()
    except OSError:
        return
    if b"update_reminder_days" not in data:
        return
    from .render.updates import reminder_line

    line = reminder_line(data.decode("utf-8", "replace"))
    if line:
        write_error(line)
