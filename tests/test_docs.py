"""The README's two commands stay true: CI runs the test command word for word."""

import re

from tests.server import ROOT


def readme_commands() -> list[str]:
    return re.findall(r"```\n(.+?)\n```", (ROOT / "README.md").read_text("utf-8"))[:2]


def test_the_readme_starts_with_the_run_and_the_test_command():
    run, test = readme_commands()
    assert "pip install -e ." in run and run.endswith("netwerkkiosk run")
    assert "pip install" in test and "'.[test]'" in test and test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command_word_for_word():
    _, test = readme_commands()
    assert test in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
