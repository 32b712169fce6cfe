"""``python -m netwerkkiosk`` is ``netwerkkiosk``: how the control room starts a sync in a child process."""

from netwerkkiosk.cli import main

main(prog_name="netwerkkiosk")
