"""``python -m aoh_helper`` runs the CLI without the console script."""

import sys

from .cli import main

sys.exit(main())
