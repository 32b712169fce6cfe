"""The netwerkkiosk command: help, and one clear line for a user's mistake."""

import socket
import subprocess
import sys

from netwerkkiosk.cli import main
from tests.harness.server import ROOT, free_port


def test_help_lists_the_run_options(runner):
    result = runner.invoke(main, ["run", "--help"])
    assert result.exit_code == 0
    for option in ("--port", "--data", "--pin", "--lang", "--public-url", "--wifi-ssid", "--wifi-password"):
        assert option in result.output
    assert "--async-mode" not in result.output


def test_a_data_folder_that_is_a_file_is_refused(runner, tmp_path):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("oops")
    result = runner.invoke(main, ["run", "--data", str(not_a_folder)])
    assert result.exit_code == 2 and result.output == "Error: --data: give a folder, not a file\n"


def test_a_damaged_data_folder_is_one_clear_error(runner, tmp_path):
    (tmp_path / "kiosk.journal").write_bytes(b"not json\n{}\n")
    result = runner.invoke(main, ["run", "--data", str(tmp_path), "--port", str(free_port())])
    assert result.exit_code == 1
    assert "Cannot use the data folder" in result.output and "line 1 is damaged" in result.output


def test_a_port_in_use_is_one_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(ROOT / "run_kiosk.py"), "--host", "127.0.0.1", "--port", str(port),
             "--data", str(tmp_path / "data")],
            capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 1 and result.stdout == ""
    assert f"Cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()
