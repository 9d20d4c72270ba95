"""``python -m spc``: the command line (see the README.md beside the package)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
