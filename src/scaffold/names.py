"""Names derived from what the user typed."""

import builtins
import keyword
import re
import unicodedata
from dataclasses import dataclass

from scaffold.errors import ScaffoldError


def package_name_for(project_name: str) -> str:
    """The default Python package name: accents dropped (café: cafe), then what copier.yml
    derives from an ASCII name (and validates)."""
    ascii_name = unicodedata.normalize("NFKD", project_name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


# PostgreSQL cuts identifiers at 63 bytes: ix_<table>_<column> must fit.
MAX_MODULE = 28


@dataclass(frozen=True)
class ResourceNames:
    """What one resource is called in code, tables and URLs."""

    cls: str  # OrderLine: the model class
    singular: str  # order_line: one row's variable
    module: str  # order_lines: the package, Django app label and table prefix
    path: str  # order-lines: the URL segment


def resource_names(name: str) -> ResourceNames:
    """Names for `OrderLine`, `order_line` or `order-line` alike."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)*", name):
        raise ScaffoldError(
            f"'{name}' is not a resource name: use letters and digits, starting with a letter"
            " (Product, OrderLine or order_line)"
        )
    words = [
        word.lower()
        for part in re.split(r"[_-]", name)
        for word in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[A-Z]", part)
    ]
    singular = "_".join(words)
    module = "_".join([*words[:-1], plural(words[-1])])
    if len(module) > MAX_MODULE:
        raise ScaffoldError(
            f"'{name}' makes a table name of {len(module)} characters: keep it to {MAX_MODULE}"
        )
    cls = "".join(word.capitalize() for word in words)
    return ResourceNames(cls, singular, module, module.replace("_", "-"))


def plural(word: str) -> str:
    """English plural of a lowercase word, by the regular rules (enough for table names)."""
    if re.search(r"(s|x|z|ch|sh)$", word):
        return f"{word}es"
    if re.search(r"[^aeiou]y$", word):
        return f"{word[:-1]}ies"
    return f"{word}s"


def python_clash(name: str) -> str | None:
    """Why a name can't be a Python identifier in generated code, if it can't."""
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "a Python keyword"
    if name in dir(builtins):
        return "a Python builtin"
    return None
