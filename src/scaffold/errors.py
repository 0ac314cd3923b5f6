class ScaffoldError(Exception):
    """A problem the user can fix; the CLI prints it on one line and exits with code 2."""
