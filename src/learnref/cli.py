"""The command line: options in, one core call, a renderer out.

Errors are turned into messages and exit codes in one place, `LearnrefGroup.invoke`.
Help and usage errors are plain text (Rich is off for them), so they read the same in a
pipe, a screen reader and a console without Unicode.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.main
from typer.core import TyperGroup

from . import __version__, commands
from .errors import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_OK,
    LearnrefError,
    StdoutError,
    UsageError,
)
from .model import NOT_PROCEDURE
from .quoting import shown
from .render import Settings, configure, emit, export, flush, resolve_format, write_error
from .store import Store

DISCLAIMER = f"learnref is a learning reference, {NOT_PROCEDURE}"

HELP = f"""Key messages from safeguarding 'learning from reviews' briefings, offline.

\b
  learnref list                    the themes
  learnref show think-family       a theme's key messages, with their source
  learnref search chronology       search the key messages (typos are fine)
  learnref glossary CPP            what an acronym stands for
  learnref random                  one key message, to open a meeting
  learnref export -t think-family -o handout.html   a printable page

{DISCLAIMER}
"""


class OutputFormat(str, enum.Enum):
    """Output formats; auto is rich on a terminal and text anywhere else."""

    auto = "auto"
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="auto (rich on a terminal, text in a pipe), rich, text, markdown or json.",
        case_sensitive=False,
    ),
]


def _print_error(lines: list[str]) -> None:
    for line in lines:
        write_error(line)


def _quiet_exit(code: int) -> NoReturn:
    """Leave without Python's complaints about a closed stdout."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise SystemExit(code)


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
            self.commands[cmd_name] = typer.main.get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=None
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
            flush()
        except StdoutError as error:
            _print_error(error.lines())
            _quiet_exit(error.exit_code)
        except LearnrefError as error:
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
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        try:
            count = len(commands.open_library(user=False).briefing_ids())
            data = f"{count} bundled briefing{'s' if count != 1 else ''}"
        except LearnrefError:
            data = "bundled data unreadable"
        print(f"learnref {__version__} ({data})")
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


class GlobalOptions:
    """Options given before the command, shared by every command."""

    def __init__(
        self,
        *,
        use_cache: bool = True,
        data: Sequence[Path] = (),
        bundled: bool = True,
        color: str = "auto",
        high_contrast: bool = False,
    ) -> None:
        self.use_cache = use_cache
        self.data = tuple(data)  # --data PATH, in order
        self.bundled = bundled
        self.color = color
        self.high_contrast = high_contrast


def _store(ctx: typer.Context) -> Store:
    """The library, opened as the global options ask."""
    options = ctx.find_object(GlobalOptions) or GlobalOptions()
    return commands.open_library(
        use_cache=options.use_cache,
        data=options.data,
        bundled=options.bundled,
        warn=_print_warning,
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


def _print_warning(line: str) -> None:
    print(line, file=sys.stderr)


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
        data=data or (),
        bundled=not no_bundled,
        color=color.value,
        high_contrast=high_contrast,
    )
    configure(Settings(color=color.value, high_contrast=high_contrast))


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
    fmt = resolve_format(output.value)
    if briefings:
        emit(fmt, "briefings", commands.list_briefings(store))
    else:
        emit(fmt, "themes", commands.list_themes(store))


@registry.command("show")
def show(
    ctx: typer.Context,
    theme: Annotated[
        list[str],
        typer.Argument(
            metavar="THEME",
            autocompletion=complete_theme,
            help="The theme: its slug (think-family), an alias, a unique start (think) "
            "or its title in quotes.",
            show_default=False,
        ),
    ],
    output: FormatOption = OutputFormat.auto,
) -> None:
    """Show a theme's key messages, with the briefing, its remember line and the source."""
    store = _store(ctx)
    emit(resolve_format(output.value), "show", commands.show_theme(store, " ".join(theme)))


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
        int, typer.Option("--limit", "-n", min=1, help="Show at most this many results.")
    ] = 10,
    theme: Annotated[
        str | None,
        typer.Option(
            "--theme", "-t", help="Only messages of this theme.", autocompletion=complete_theme
        ),
    ] = None,
    briefing: Annotated[
        str | None,
        typer.Option(
            "--briefing",
            help="Only messages of this briefing (its id).",
            autocompletion=complete_briefing,
        ),
    ] = None,
    scores: Annotated[
        bool, typer.Option("--scores", help="Show each result's score (0-100) in text output.")
    ] = False,
    output: FormatOption = OutputFormat.auto,
) -> None:
    """Search the key messages, best match first."""
    text = " ".join(query)
    if not text.strip():
        raise typer.BadParameter("the search query is empty; give a word or phrase.")
    store = _store(ctx)
    result = commands.search_messages(
        store, text, limit=limit, theme=theme, briefing=briefing, show_scores=scores
    )
    fmt = resolve_format(output.value)
    if result.hits or fmt == "json":
        # JSON answers even a search with no match with one object (and exit 1).
        emit(fmt, "search", result)
    commands.require_search_hits(result)


@registry.command("glossary")
def glossary(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        typer.Argument(
            metavar="[TERM]",
            autocompletion=complete_term,
            help="An acronym or term (any case); leave out to list them all.",
            show_default=False,
        ),
    ] = None,
    output: FormatOption = OutputFormat.auto,
) -> None:
    """Show what acronyms and terms stand for."""
    store = _store(ctx)
    emit(resolve_format(output.value), "glossary", commands.glossary_entries(store, term))


@registry.command("validate")
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Briefing files, or directories of *.yaml/*.yml files, to check.",
            show_default=False,
        ),
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings too (a long message, no url).")
    ] = False,
) -> None:
    """Check briefing files against the data format; report every problem as FILE:LINE:COLUMN."""
    from .render import write
    from .render.diagnostics import passes, validation

    contents = commands.validate(paths)
    out, err = validation(contents, strict=strict)
    write(out)  # degrades what the console cannot show (e.g. an odd file name) instead of failing
    sys.stdout.flush()
    sys.stderr.write(err)
    if not all(passes(content, strict=strict) for content in contents):
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
    from .paths import user_data_dir
    from .quoting import shell_quote
    from .render import write

    path = commands.write_template(file, force=force)
    if path.suffix not in (".yaml", ".yml"):
        print(
            "Note: learnref reads only *.yaml and *.yml files from a directory; "
            "rename it to end in .yaml.",
            file=sys.stderr,
        )
    write(
        f"Wrote a template briefing to {path}.\n"
        "Fill it in from the published briefing, then check it: learnref validate "
        f"{shell_quote(str(path))}\n"
        f"learnref reads it when it is in {user_data_dir()}, or when named with --data PATH.\n"
    )


class InfoFormat(str, enum.Enum):
    """Output formats of `info`."""

    text = "text"
    json = "json"


@registry.command("info")
def info(
    ctx: typer.Context,
    output: Annotated[
        InfoFormat,
        typer.Option("--format", "-f", help="text or json.", case_sensitive=False),
    ] = InfoFormat.text,
) -> None:
    """Show the version, every data source with its counts, and learnref's folders."""
    from .render import write
    from .render.diagnostics import info_json, info_text

    options = ctx.find_object(GlobalOptions) or GlobalOptions()
    report = commands.info(use_cache=options.use_cache, data=options.data, bundled=options.bundled)
    write(info_json(report) if output is InfoFormat.json else info_text(report))


@registry.command("random")
def random_command(
    ctx: typer.Context,
    theme: Annotated[
        str | None,
        typer.Option(
            "--theme", "-t", help="Pick from this theme only.", autocompletion=complete_theme
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Pick the same message again: the same seed, the same pick."),
    ] = None,
    output: FormatOption = OutputFormat.auto,
) -> None:
    """One key message at random, with its theme and source: for a team meeting or supervision."""
    store = _store(ctx)
    pick = commands.random_message(store, theme=theme, seed=seed)
    emit(resolve_format(output.value), "random", pick)


class ExportFormat(str, enum.Enum):
    """Formats for `export`: a Markdown handout or a self-contained web page."""

    markdown = "markdown"
    html = "html"


@registry.command("export")
def export_command(
    ctx: typer.Context,
    briefing: Annotated[
        str | None,
        typer.Option(
            "--briefing",
            "-b",
            help="Export this briefing (its id).",
            autocompletion=complete_briefing,
        ),
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option(
            "--theme",
            "-t",
            help="Export this theme, from every briefing.",
            autocompletion=complete_theme,
        ),
    ] = None,
    output_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown or html. Default: html when --output ends in .html or .htm, "
            "else markdown.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of stdout ('-' is stdout). "
            "An existing file is kept unless --force.",
            dir_okay=True,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
) -> None:
    """Export everything, one briefing or one theme as Markdown or HTML, for handouts."""
    if briefing is not None and theme is not None:
        raise UsageError(
            "Give --briefing or --theme, not both.", "Or neither, to export everything."
        )
    if output is not None and str(output) == "-":
        output = None
    if output_format is None:
        suffix = output.suffix.lower() if output is not None else ""
        output_format = ExportFormat.html if suffix in (".html", ".htm") else ExportFormat.markdown
    store = _store(ctx)
    document = commands.export_document(store, briefing=briefing, theme=theme)
    export(output_format.value, document, output, force=force)
    if output is not None:
        count = document.message_count
        write_error(f"Wrote {count} key message{'s' if count != 1 else ''} to {output}.")
