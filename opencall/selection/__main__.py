"""`python -m opencall.selection INSTANCE.json`: the optimiser without Django."""

import sys

from opencall.selection.cli import main

sys.exit(main())
