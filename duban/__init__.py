"""duban (督办): validate, score and rank the supervision office's work ledger."""


def _installed_version() -> str:
    """The version of the installed distribution (a bundle stamps each build), else the source's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("duban")
    except PackageNotFoundError:
        return "0.1.0"


__version__ = _installed_version()
