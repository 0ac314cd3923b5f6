"""The resources this project serves, one Django app each: `scaffold add resource` adds a line here.

The settings install each one; config/urls.py mounts each one's pages and API.
"""

RESOURCES: list[str] = []
