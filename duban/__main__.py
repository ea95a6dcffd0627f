import sys

from duban.commands.main import main

sys.exit(main())
