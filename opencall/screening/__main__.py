"""`python -m opencall.screening CALL_FILE APPLICATIONS.json`: screening without Django."""

import sys

from opencall.screening.cli import main

sys.exit(main())
