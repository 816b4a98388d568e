import sys

from acumen.cli import main

sys.exit(main())
