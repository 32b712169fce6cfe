"""The README's two commands stay true (CI runs the test command word for word), and a wheel carries every page."""

import re
from pathlib import PurePath

import pytest

from tests.harness.server import ROOT


def readme_commands() -> list[str]:
    return re.findall(r"```\n(.+?)\n```", (ROOT / "README.md").read_text("utf-8"))[:2]


def test_the_readme_starts_with_the_run_and_the_test_command():
    run, test = readme_commands()
    assert "pip install -e ." in run and run.endswith("netwerkkiosk run")
    assert "pip install" in test and "'.[test]'" in test and test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command_word_for_word():
    _, test = readme_commands()
    assert test in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_every_template_and_static_file_travels_in_the_wheel():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and newer
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    for package, folder in data["package-dir"].items():
        patterns = data["package-data"][package]
        files = [path.relative_to(ROOT / folder) for path in (ROOT / folder).rglob("*") if path.is_file()]
        left_out = [str(path) for path in files if not any(path.match(pattern) or PurePath(path.name).match(
            pattern) for pattern in patterns)]
        assert left_out == [], f"{folder}/ files a wheel would leave out"


def test_every_python_package_travels_in_the_wheel():
    tomllib = pytest.importorskip("tomllib")
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    packages = {".".join(path.parent.relative_to(ROOT).parts) for path in ROOT.glob("*/**/__init__.py")
                if path.relative_to(ROOT).parts[0] not in ("tests", "bench", ".venv")}
    assert packages - listed == set()


def test_the_newest_release_in_the_changelog_is_the_version_the_command_prints(runner):
    from netwerkkiosk.cli import main

    released = re.findall(r"^## (\d+\.\d+\.\d+) \(\d{4}-\d\d-\d\d\)$", (ROOT / "CHANGELOG.md").read_text("utf-8"),
                          re.MULTILINE)
    assert released and runner.invoke(main, ["--version"]).output.split()[-1] == released[0]


def test_the_architecture_map_names_every_module():
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    modules = [path.relative_to(ROOT).as_posix() for package in ("netwerkkiosk", "netwerk", "kiosk", "sync", "archive")
               for path in (ROOT / package).glob("*.py") if path.name != "__init__.py"]
    assert len(modules) > 60 and [module for module in modules if f"`{module}`" not in text] == []
