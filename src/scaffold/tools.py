"""The programs a generated project's README has its user run, and how to get the missing ones."""

import shutil

from scaffold.frameworks import Framework

# What each program is for, and how to install it.
_HOW = {
    "uv": "every command in the README runs through it: pipx install uv (or pip install uv)",
    "make": "the Makefile's commands need it: apt-get install make (or your system's package)",
    "npm": "rebuilding the Tailwind CSS needs Node 20 or newer with npm: apt-get install npm",
}
_NEEDED: dict[Framework, tuple[str, ...]] = {
    Framework.DJANGO: ("uv", "make", "npm"),
    Framework.FASTAPI: ("uv",),
    Framework.FLASK: ("uv",),
    Framework.DJANGO_FASTAPI: ("uv", "make", "npm"),
}


def missing_tools(framework: Framework) -> tuple[str, ...]:
    """A note for each program the framework's project needs that is not on PATH."""
    return tuple(
        f"{tool} is not on PATH: {_HOW[tool]}"
        for tool in _NEEDED[framework]
        if shutil.which(tool) is None
    )
