"""The release this is. The version is written once, in pyproject.toml; the installed package's metadata carries it
into ``netwerkkiosk --version``, the wheel's name and the pages' footers, and the changelog names it as released."""

from __future__ import annotations

import functools
import re
from importlib import metadata
from pathlib import Path

__all__ = ["version"]


@functools.cache
def version() -> str:
    """Return the version of Netwerkkiosk that runs, such as "0.3.0"."""
    try:
        return metadata.version("netwerkkiosk")
    except metadata.PackageNotFoundError:  # a checkout started without installing it (python run_kiosk.py)
        project = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
        return re.search(r'^version = "([^"]+)"', project, re.MULTILINE).group(1)
