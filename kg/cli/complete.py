"""Shell completion for the names only kg knows: bundled queries and output formats.

Click completes commands and options itself (`eval "$(_KG_COMPLETE=bash_source kg)"`); these
functions, passed as ``shell_complete=`` to arguments and options, add the values.
"""

from __future__ import annotations

SHELL_HELP = """\b
Shell completion (commands, options, bundled query names, formats):
  bash:  eval "$(_KG_COMPLETE=bash_source kg)"   in ~/.bashrc
  zsh:   eval "$(_KG_COMPLETE=zsh_source kg)"    in ~/.zshrc
  fish:  _KG_COMPLETE=fish_source kg | source    in ~/.config/fish/completions/kg.fish
"""


def _starting(values, incomplete: str) -> list[str]:
    return [v for v in values if v.startswith(incomplete)]


def query_names(ctx, param, incomplete: str) -> list[str]:
    """Bundled query names (`kg query`, `kg queries show`)."""
    from ..query.catalog import catalog

    return _starting(catalog(), incomplete)


def federated_names(ctx, param, incomplete: str) -> list[str]:
    """Bundled federated query names (`kg wikidata query`)."""
    from ..wikidata.federate import names

    return _starting(names(), incomplete)


def result_formats(ctx, param, incomplete: str) -> list[str]:
    """SELECT result formats, then RDF formats (for CONSTRUCT queries)."""
    from ..render.results import SELECT_FORMATS
    from ..store.formats import format_names

    return _starting(dict.fromkeys([*SELECT_FORMATS, "text", *format_names()]), incomplete)


def select_formats(ctx, param, incomplete: str) -> list[str]:
    from ..render.results import SELECT_FORMATS

    return _starting(SELECT_FORMATS, incomplete)


def rdf_formats(ctx, param, incomplete: str) -> list[str]:
    """RDF formats by name (`kg export --format`, `--data-format`, `--input-format`)."""
    from ..store.formats import format_names

    return _starting(format_names(), incomplete)
