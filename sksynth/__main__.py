"""``python -m sksynth``: the same command line as the ``sksynth`` console script."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
