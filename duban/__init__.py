"""duban (督办): validate, score and rank the supervision office's work ledger."""

__version__ = "0.1.0"  # the Windows bundle stamps its build into this and pyproject.toml
