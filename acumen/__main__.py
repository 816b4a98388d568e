import sys

from acumen.cli.main import main

sys.exit(main())
