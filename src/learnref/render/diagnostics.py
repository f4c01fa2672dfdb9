"""Plain-text and JSON output for the commands about data files: `validate` and `info`.

Problems are printed compiler style, `FILE:LINE:COLUMN: error: message`, which editors and
CI logs turn into links. Nothing here uses Rich: these lines are read in terminals, logs
and pipes alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from ..commands import Info
    from ..loader import FileContent
    from ..subscriptions import Report


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def passes(content: FileContent, *, strict: bool = False) -> bool:
    """Whether a validated file passes: no errors, and no warnings either when strict."""
    return not content.problems and not (strict and content.warnings)


def validation(contents: list[FileContent], *, strict: bool = False) -> tuple[str, str]:
    """What `validate` prints: (stdout, stderr). stdout has one OK line per passing file;
    stderr has every problem, file by file in line order, then a summary if any failed."""
    out: list[str] = []
    err: list[str] = []
    for content in contents:
        located = sorted([*content.problems, *content.warnings], key=lambda p: (p.line, p.column))
        err.extend(str(problem) for problem in located)
        if passes(content, strict=strict):
            counts = ", ".join(
                [
                    _count(len(content.briefings), "briefing"),
                    _count(content.theme_count(), "theme"),
                    _count(content.message_count(), "message"),
                ]
            )
            if content.warnings:
                counts += f"; {_count(len(content.warnings), 'warning')}"
            out.append(f"{content.path}: OK ({counts})")
    failed = [content for content in contents if not passes(content, strict=strict)]
    if failed:
        errors = sum(len(content.problems) for content in failed)
        warnings = sum(len(content.warnings) for content in failed) if strict else 0
        parts = [_count(errors, "error")] if errors else []
        if warnings:
            parts.append(f"{_count(warnings, 'warning')} (--strict fails on warnings)")
        what = " and ".join(parts)
        where = (
            _count(len(failed), "file")
            if len(failed) == len(contents)
            else f"{len(failed)} of {_count(len(contents), 'file')}"
        )
        them = "it" if errors + warnings == 1 else "them"
        err.append(f"{what} in {where}; fix {them} and run learnref validate again.")
    return "".join(f"{line}\n" for line in out), "".join(f"{line}\n" for line in err)


def _exists(path: Any) -> str:
    return "exists" if path.is_dir() else "does not exist"


def _exists_file(path: Any) -> str:
    return "exists" if path.is_file() else "does not exist"


def _updated(report: Report, now: dt.datetime) -> str:
    from .updates import ago

    if report.updated is None:
        text = "never updated"
    else:
        text = f"updated {report.updated:%Y-%m-%d %H:%M} UTC ({ago(report.updated, now)})"
    if report.error:
        text += f"; the last update failed: {report.error}"
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
            state = f"{_count(source.briefings, 'briefing')}, {_count(source.messages, 'message')}"
        lines.append(f"  {source.kind.ljust(kind_width)}  {source.path}: {state}")
    lines += ["", "Subscriptions:", *_subscription_lines(info)]
    rows = [
        ("User data dir", f"{info.user_data_dir} ({_exists(info.user_data_dir)})"),
        ("Cache dir", f"{info.cache_dir} ({_exists(info.cache_dir)})"),
        ("Subscriptions", f"{info.subscriptions_file} ({_exists_file(info.subscriptions_file)})"),
        ("JSON Schema", str(info.schema)),
        ("LEARNREF_DATA", ", ".join(info.data_env) or "(not set)"),
    ]
    width = max(len(name) for name, _ in rows) + 1
    lines += ["", "Paths:"]
    lines += [f"  {(name + ':').ljust(width)}  {value}" for name, value in rows]
    return "\n".join(lines) + "\n"


def info_json(info: Info) -> str:
    """`info` as one JSON object with stable keys (documented in docs/data-format.md)."""
    import datetime as dt
    import json

    from .json_format import JSON_VERSION

    now = dt.datetime.now(dt.timezone.utc)

    payload = {
        # As in every learnref JSON output, "version" is the version of the JSON layout.
        "version": JSON_VERSION,
        "learnref_version": info.version,
        "data_format_version": info.data_format_version,
        "sources": [
            {
                "kind": source.kind,
                "path": source.path,
                "status": source.status,
                "briefings": source.briefings,
                "messages": source.messages,
                "detail": source.detail,
            }
            for source in info.sources
        ],
        "user_data_dir": {"path": str(info.user_data_dir), "exists": info.user_data_dir.is_dir()},
        "cache_dir": {"path": str(info.cache_dir), "exists": info.cache_dir.is_dir()},
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
            }
            for report in info.subscriptions
        ],
        "subscriptions_file": {
            "path": str(info.subscriptions_file),
            "exists": info.subscriptions_file.is_file(),
            "problem": info.subscriptions_problem,
        },
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
