"""Plain-text output for the commands about data files: `validate`.

Problems are printed compiler style, `FILE:LINE:COLUMN: error: message`, which editors and
CI logs turn into links. Nothing here uses Rich: these lines are read in terminals, logs
and pipes alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..loader import FileContent


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
