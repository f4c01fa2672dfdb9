"""Plain-text and JSON output for the commands about data files: `validate` and `info`.

Problems are printed compiler style, `FILE:LINE:COLUMN: error: message`, which editors and
CI logs turn into links. Nothing here uses Rich: these lines are read in terminals, logs
and pipes alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..paths import folder_or_none, user_data_dir
from ..quoting import counted, printable, shell_quote

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from ..commands import Info, SourceReport, ValidationReport
    from ..loader import FileContent
    from ..model import ExportDocument
    from ..sources import SkippedFile
    from ..subscriptions import Report


def validation(report: ValidationReport) -> tuple[str, list[str]]:
    """What `validate` prints: (stdout, stderr lines). stdout has one OK line per passing
    file; stderr has every problem, file by file in line order, then a summary if any failed."""
    out: list[str] = []
    err: list[str] = []
    for content in report.files:
        located = sorted([*content.problems, *content.warnings], key=lambda p: (p.line, p.column))
        err.extend(str(problem) for problem in located)
        if report.passes(content):
            out.append(f"{printable(content.path)}: OK ({_file_counts(content)})")
    failed = [content for content in report.files if not report.passes(content)]
    if failed:
        err.append(_failure_summary(failed, len(report.files), strict=report.strict))
    return "".join(f"{line}\n" for line in out), err


def _file_counts(content: FileContent) -> str:
    counts = ", ".join(
        [
            counted(len(content.briefings), "briefing"),
            counted(content.theme_count(), "theme"),
            counted(content.message_count(), "message"),
        ]
    )
    if content.warnings:
        counts += f"; {counted(len(content.warnings), 'warning')}"
    return counts


def _failure_summary(failed: list[FileContent], total: int, *, strict: bool) -> str:
    errors = sum(len(content.problems) for content in failed)
    warnings = sum(len(content.warnings) for content in failed) if strict else 0
    parts = [counted(errors, "error")] if errors else []
    if warnings:
        parts.append(f"{counted(warnings, 'warning')} (--strict fails on warnings)")
    what = " and ".join(parts)
    where = (
        counted(len(failed), "file")
        if len(failed) == total
        else f"{len(failed)} of {counted(total, 'file')}"
    )
    them = "it" if errors + warnings == 1 else "them"
    return f"{what} in {where}; fix {them} and run learnref validate again."


def skipped_warning(skipped: SkippedFile) -> str:
    """The one warning line for a user data file left out of the library."""
    return printable(f"{skipped.path}: warning: {skipped.reason}")


def init_notes(path: Path) -> list[str]:
    """What `init` says on stderr about the file it wrote: a name learnref would not read."""
    if path.suffix in (".yaml", ".yml"):
        return []
    return [
        "Note: learnref reads only *.yaml and *.yml files from a directory; "
        "rename it to end in .yaml."
    ]


def template_written(path: Path) -> str:
    """What `init` says when the template is written: what to do next."""
    shown_path = printable(str(path))
    return (
        f"Wrote a template briefing to {shown_path}.\n"
        "Fill it in from the published briefing, then check it: learnref validate "
        f"{printable(shell_quote(str(path)))}\n" + _where_read()
    )


def _where_read() -> str:
    folder = folder_or_none(user_data_dir)
    if folder is None:
        return "learnref reads it when named with --data PATH.\n"
    return (
        f"learnref reads it when it is in {printable(str(folder))}, "
        "or when named with --data PATH.\n"
    )


def export_written(document: ExportDocument, output: Path) -> str:
    """What `export` says on stderr when it has written a file."""
    return f"Wrote {counted(document.message_count, 'key message')} to {printable(str(output))}."


NO_HOME = "(none: there is no home folder)"


def _exists(path: Any) -> str:
    if path is None:
        return NO_HOME
    if path.is_dir():
        return f"{path} (exists)"
    return f"{path} ({'a file, not a folder' if path.exists() else 'does not exist'})"


def _exists_file(path: Any) -> str:
    if path is None:
        return NO_HOME
    return f"{path} ({'exists' if path.is_file() else 'does not exist'})"


def _updated(report: Report, now: dt.datetime) -> str:
    from .updates import ago

    if report.updated is None:
        text = "never updated"
    else:
        text = f"updated {report.updated:%Y-%m-%d %H:%M} UTC ({ago(report.updated, now)})"
    if report.error:
        text += f"; the last update failed: {report.error}"
    if not report.copy_exists:
        text += "; its copy is missing (get it again with: learnref update)"
    return text


def _subscription_lines(info: Info) -> list[str]:
    if info.subscriptions_problem:
        return [f"  (cannot read them: {info.subscriptions_problem})"]
    if not info.subscriptions:
        return ["  (none; add one with: learnref subscribe URL)"]
    import datetime as dt

    now = dt.datetime.now(dt.timezone.utc)
    width = max(len(report.name) for report in info.subscriptions)
    return [
        f"  {report.name.ljust(width)}  {report.url}: {_updated(report, now)}"
        for report in info.subscriptions
    ]


def info_text(info: Info) -> str:
    """`info` as aligned plain text."""
    lines = [
        f"learnref {info.version}",
        f"data format version {info.data_format_version}",
        f"search ranking: {_ranking(info)}",
        "",
        "Sources, in load order:",
    ]
    if not info.sources:
        lines.append("  (none)")
    kind_width = max((len(source.kind) for source in info.sources), default=0)
    for source in info.sources:
        if source.status == "skipped":
            state = source.detail or "skipped"
        else:
            state = (
                f"{counted(source.briefings, 'briefing')}, {counted(source.messages, 'message')}"
            )
        lines.append(printable(f"  {source.kind.ljust(kind_width)}  {source.path}: {state}"))
    lines += ["", "Subscriptions:", *_subscription_lines(info)]
    rows = [
        ("User data dir", _exists(info.user_data_dir)),
        ("Cache dir", _exists(info.cache_dir)),
        ("Subscriptions", _exists_file(info.subscriptions_file)),
        ("JSON Schema", str(info.schema)),
        ("LEARNREF_DATA", ", ".join(info.data_env) or "(not set)"),
    ]
    width = max(len(name) for name, _ in rows) + 1
    lines += ["", "Paths:"]
    lines += [printable(f"  {(name + ':').ljust(width)}  {value}") for name, value in rows]
    return "\n".join(lines) + "\n"


def _ranking(info: Info) -> str:
    """How search ranks, in words: by keywords, or reordered by meaning too."""
    if info.meaning.on:
        return "keywords, reordered by meaning (learnref[semantic])"
    if info.meaning.installed:
        return "keywords (learnref[semantic] is installed, and switched off by LEARNREF_SEMANTIC)"
    return "keywords"


def _source_json(source: SourceReport) -> dict[str, Any]:
    """One loaded or skipped source, for info's JSON."""
    return {
        "kind": source.kind,
        "path": source.path,
        "status": source.status,
        "briefings": source.briefings,
        "messages": source.messages,
        "detail": source.detail,
    }


def _folder_json(path: Path | None, *, file: bool = False) -> dict[str, Any]:
    """A folder (or file) for info's JSON: its path (null when there is no home folder) and
    whether it exists."""
    if path is None:
        return {"path": None, "exists": False}
    return {"path": str(path), "exists": path.is_file() if file else path.is_dir()}


def info_json(info: Info) -> str:
    """`info` as one JSON object with stable keys (documented in docs/data-format.md)."""
    import datetime as dt

    from .json_format import dump

    now = dt.datetime.now(dt.timezone.utc)

    payload = {
        "learnref_version": info.version,
        "data_format_version": info.data_format_version,
        "search_ranking": {"meaning_installed": info.meaning.installed, "meaning": info.meaning.on},
        "sources": [_source_json(source) for source in info.sources],
        "user_data_dir": _folder_json(info.user_data_dir),
        "cache_dir": _folder_json(info.cache_dir),
        "schema": str(info.schema),
        "learnref_data": info.data_env,
        "subscriptions": [
            {
                "name": report.name,
                "url": report.url,
                "path": str(report.path),
                "sha256": report.sha256,
                "updated": report.updated.strftime("%Y-%m-%dT%H:%M:%SZ")
                if report.updated
                else None,
                "age_seconds": int((now - report.updated).total_seconds())
                if report.updated
                else None,
                "last_error": report.error,
                "copy_exists": report.copy_exists,
            }
            for report in info.subscriptions
        ],
        "subscriptions_file": {
            **_folder_json(info.subscriptions_file, file=True),
            "problem": info.subscriptions_problem,
        },
    }
    # As in every learnref JSON output, "version" (put first by dump) is the layout's version.
    return dump(payload)


def start_commands(slug: str) -> str:
    """The commands bare `learnref` suggests after the themes, with a real theme's slug."""
    example = f"learnref show {slug}"
    rows = [
        (example, "a theme's key messages, with their source"),
        ("learnref search chronology", "search the key messages (typos are fine)"),
        ("learnref glossary CPP", "what an acronym stands for"),
        ("learnref random", "one key message, to open a meeting"),
    ]
    width = max(len(command) for command, _ in rows) + 2
    lines = [f"  {command.ljust(width)}{what}" for command, what in rows]
    return "\nTry:\n" + "\n".join(lines) + "\n\nEvery command and option: learnref --help\n"
