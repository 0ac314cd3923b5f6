"""The resources this project serves, one package each: `scaffold add resource` adds a line here.

main.py mounts each one's router; migrations/env.py loads each one's models.
"""

RESOURCES: list[str] = []
