"""`python -m workbook.sample`: build the two sample ledgers (see workbook.sample.main)."""

import sys

from workbook.sample import main

sys.exit(main())
