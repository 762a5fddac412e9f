"""Entry point for `python -m carecompanion` and the `carecompanion` command."""

import sys

from carecompanion.cli import main

if __name__ == "__main__":
    sys.exit(main())
