"""Where the bundled ontology, shapes, queries, data and source text live (installed or checkout).

This is the only module that knows the layout. In a wheel, ``ontology/``, ``shapes/`` and
``queries/`` are copied into ``kg/_bundled/``; in a checkout (or an editable install) they are
read from the repository root, so edits show up without reinstalling.

The ``*_paths`` functions return plain strings and need only ``os``: `kg query` calls them on
every start, and importing pathlib costs ~5 ms there. The ``Path``-returning functions are for
everything else.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~4 ms at start-up)
if TYPE_CHECKING:
    from pathlib import Path

# The package is always installed as files (a wheel or a checkout, never a zip), so its folder is
# where this file is; importlib.resources would add ~5 ms to every start for the same answer.
_PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))
_BUNDLED = os.path.join(_PACKAGE_DIR, "_bundled")
_CHECKOUT_ROOT = os.path.dirname(_PACKAGE_DIR)
_DATA_DIR = os.path.join(_PACKAGE_DIR, "data")

SOURCE_FILE_NAME = "allied-intervention-in-the-russian-civil-war.txt"


def _top_level(name: str) -> str:
    """Return the folder ``name`` from the wheel, or from the checkout when not installed."""
    installed = os.path.join(_BUNDLED, name)
    return installed if os.path.isdir(installed) else os.path.join(_CHECKOUT_ROOT, name)


def _files(folder: str, suffix: str, recursive: bool = False) -> list[str]:
    """The files under ``folder`` whose names end in ``suffix``, sorted."""
    found = []
    for root, _dirs, names in os.walk(folder):
        found += [os.path.join(root, n) for n in names if n.endswith(suffix)]
        if not recursive:
            break
    return sorted(found)


def data_path(name: str) -> str:
    """A file in the package's data folder (the encoded article, the links, the context)."""
    return os.path.join(_DATA_DIR, name)


def ontology_paths() -> list[str]:
    return _files(_top_level("ontology"), ".ttl")


def query_paths() -> list[str]:
    return _files(_top_level("queries"), ".rq", recursive=True)


def _path(value: str) -> Path:
    from pathlib import Path

    return Path(value)


def ontology_dir() -> Path:
    """Folder holding the OWL ontology in Turtle."""
    return _path(_top_level("ontology"))


def shapes_dir() -> Path:
    """Folder holding the SHACL shapes in Turtle."""
    return _path(_top_level("shapes"))


def queries_dir() -> Path:
    """Folder holding the bundled SPARQL queries (``.rq``)."""
    return _path(_top_level("queries"))


def data_dir() -> Path:
    """Folder holding the encoded article and the curated links (always inside the package)."""
    return _path(_DATA_DIR)


def source_text_path() -> Path:
    """The bundled copy of the article, byte for byte as received."""
    return data_dir() / SOURCE_FILE_NAME


def source_text() -> str:
    """The article decoded as UTF-8: offsets in the graph count code points of this string."""
    return source_text_path().read_text(encoding="utf-8")


def ontology_files() -> list[Path]:
    return [_path(p) for p in ontology_paths()]


def shapes_files() -> list[Path]:
    return [_path(p) for p in _files(_top_level("shapes"), ".ttl")]


def query_files() -> list[Path]:
    return [_path(p) for p in query_paths()]
