"""Names derived from what the user typed."""

import re


def package_name_for(project_name: str) -> str:
    """The default Python package name; copier.yml derives the same and validates it."""
    return re.sub(r"[^a-z0-9]+", "_", project_name.lower()).strip("_")
