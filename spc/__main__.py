"""``python -m spc``: the command line (see spc/README.md)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
