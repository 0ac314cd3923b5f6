"""What a generated project's README says: the one home of each stack's first-run commands."""

import re
from pathlib import Path

# The README sections whose command block `scaffold new` and `scaffold add resource` print as
# the next steps.
_STEP_SECTIONS = ("Set up and run", "Test")


def next_steps(project: Path) -> tuple[str, ...]:
    """The commands of the README's first-run and test sections, in order."""
    readme = (project / "README.md").read_text(encoding="utf-8")
    steps: list[str] = []
    for heading in _STEP_SECTIONS:
        section = readme.partition(f"\n## {heading}\n")[2]
        if block := re.search(r"```sh\n(.*?)```", section, re.DOTALL):
            steps.extend(line for line in block.group(1).splitlines() if line.strip())
    return tuple(steps)
