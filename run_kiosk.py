"""Start the kiosk: ``python run_kiosk.py [options]`` is ``netwerkkiosk run [options]``."""

import sys

from netwerkkiosk.cli import main

if __name__ == "__main__":
    main(["run", *sys.argv[1:]], prog_name="run_kiosk.py")
