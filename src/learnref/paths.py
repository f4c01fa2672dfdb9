"""The folders learnref reads and writes, by the platform's rules.

One function holds the rules that platformdirs applies (XDG on Linux and other Unix, the
Library folders on macOS, LOCALAPPDATA on Windows). platformdirs itself measured about
3 ms to import beside Typer, paid on every run and every Tab press, for three folders.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import LearnrefError

# Per kind: (environment override, XDG variable, XDG default under HOME, macOS folder under
# HOME, Windows folder under LOCALAPPDATA\learnref, what learnref adds at the end).
_RULES = {
    "data": ("LEARNREF_DATA_DIR", "XDG_DATA_HOME", ".local/share", "Library/Application Support"),
    "cache": ("LEARNREF_CACHE_DIR", "XDG_CACHE_HOME", ".cache", "Library/Caches"),
    "config": ("LEARNREF_CONFIG_DIR", "XDG_CONFIG_HOME", ".config", "Library/Application Support"),
}
_WINDOWS = {"data": "", "cache": "Cache", "config": ""}


def platform_dir(kind: str) -> Path:
    """learnref's folder of one kind ("data", "cache" or "config"): the LEARNREF_*_DIR
    override when set, else the platform's user folder of that kind + learnref."""
    override, xdg, xdg_default, mac = _RULES[kind]
    value = os.environ.get(override)
    if value:
        return Path(value)
    if sys.platform not in ("win32", "darwin") and os.environ.get(xdg):
        return Path(os.environ[xdg]) / "learnref"
    home = _home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "learnref"
        return base / _WINDOWS[kind] if _WINDOWS[kind] else base
    if sys.platform == "darwin":
        return home / mac / "learnref"
    return Path(os.environ.get(xdg) or home / xdg_default) / "learnref"


class NoHomeError(LearnrefError):
    """There is no home folder (HOME unset, and no entry in the system's list of users), and
    no LEARNREF_*_DIR or XDG_*_HOME names the folder asked for."""


def _home() -> Path:
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        raise NoHomeError(
            "learnref cannot find your home folder: HOME is not set, and this user has no "
            "entry in the system's list of users.",
            "Set HOME, or name learnref's folders with LEARNREF_DATA_DIR, "
            "LEARNREF_CACHE_DIR and LEARNREF_CONFIG_DIR.",
        ) from None


def folder_or_none(kind: Callable[[], Path]) -> Path | None:
    """The folder `kind` gives, or None with one warning line when there is no home folder
    to put it in: learnref then reads no user data and keeps its cache in memory."""
    try:
        return kind()
    except NoHomeError:
        from .render.console import warn_once

        warn_once(
            "there is no home folder (HOME is not set and this user has no entry in the "
            "system's list of users): your own briefings are not read, and nothing is cached."
        )
        return None


def user_data_dir() -> Path:
    """The user's own briefings folder: LEARNREF_DATA_DIR, else the platform's user data
    folder + learnref/briefings."""
    if os.environ.get("LEARNREF_DATA_DIR"):
        return platform_dir("data")
    return platform_dir("data") / "briefings"


def cache_dir() -> Path:
    """Where cache files go: LEARNREF_CACHE_DIR, else the platform's user cache folder."""
    return platform_dir("cache")


def config_dir() -> Path:
    """Where learnref keeps its settings: LEARNREF_CONFIG_DIR, else the platform's user
    config folder + learnref."""
    return platform_dir("config")


def subscriptions_file() -> Path:
    """The record of subscriptions (`learnref subscribe`): subscriptions.toml in the config
    folder."""
    return config_dir() / "subscriptions.toml"


def subscriptions_dir() -> Path:
    """Where the copy of each subscribed briefing file is kept, as NAME.yaml: a folder of the
    user data area beside, never inside, the briefings folder a person edits."""
    return platform_dir("data") / "subscriptions"
