"""Where the bundled ontology, shapes, queries, data and source text live (installed or checkout).

This is the only module that knows the layout. In a wheel, ``ontology/``, ``shapes/`` and
``queries/`` are copied into ``kg/_bundled/``; in a checkout (or an editable install) they are
read from the repository root, so edits show up without reinstalling.
"""

from __future__ import annotations

from pathlib import Path

# The package is always installed as files (a wheel or a checkout, never a zip), so its folder is
# where this file is; importlib.resources would add ~5 ms to every start for the same answer.
_PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE_DIR / "_bundled"
_CHECKOUT_ROOT = _PACKAGE_DIR.parent

SOURCE_FILE_NAME = "allied-intervention-in-the-russian-civil-war.txt"


def _top_level(name: str) -> Path:
    """Return the folder ``name`` from the wheel, or from the checkout when not installed."""
    installed = _BUNDLED / name
    return installed if installed.is_dir() else _CHECKOUT_ROOT / name


def ontology_dir() -> Path:
    """Folder holding the OWL ontology in Turtle."""
    return _top_level("ontology")


def shapes_dir() -> Path:
    """Folder holding the SHACL shapes in Turtle."""
    return _top_level("shapes")


def queries_dir() -> Path:
    """Folder holding the bundled SPARQL queries (``.rq``)."""
    return _top_level("queries")


def data_dir() -> Path:
    """Folder holding the encoded article and the curated links (always inside the package)."""
    return _PACKAGE_DIR / "data"


def source_text_path() -> Path:
    """The bundled copy of the article, byte for byte as received."""
    return data_dir() / SOURCE_FILE_NAME


def source_text() -> str:
    """The article decoded as UTF-8: offsets in the graph count code points of this string."""
    return source_text_path().read_text(encoding="utf-8")


def ontology_files() -> list[Path]:
    return sorted(ontology_dir().glob("*.ttl"))


def shapes_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))


def query_files() -> list[Path]:
    return sorted(queries_dir().rglob("*.rq"))
