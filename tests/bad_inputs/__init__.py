"""Bad-input corpus for `duban`: builders (build.py) and the expected outcomes (cases.py)."""
