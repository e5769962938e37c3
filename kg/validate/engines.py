"""The SHACL engines behind ``kg validate``: the shapes compiled to SPARQL, pyshacl-turbo, pySHACL.

All take the same shapes and ontology and give the W3C validation report graph (SHACL 3.6);
:mod:`kg.validate.engine` reads the results out of it, whichever engine made it, so the reports
``kg validate`` prints are the same. ``sparql`` (:mod:`kg.validate.compile`) runs the shapes as
SPARQL queries on the pyoxigraph store that holds the data; it refuses shapes it does not compile.
``auto`` runs it where the shapes compile, else pyshacl-turbo where installed (Python 3.11 or
later), else pySHACL, the reference, always for the whole run (README, "Validation engines").

Where pyshacl-turbo 0.6.5 reads differently from pySHACL, kg feeds it what it reads right; each
difference has a minimal reproduction in the README ("Validation engines"):

* given a pyoxigraph store, it reads the data's strings as unequal to the same strings in the
  shapes and queries (``sh:in ("a")``, ``sh:hasValue "a"``, ``$this ex:p "a"`` in a SPARQL
  constraint), though RDF 1.1 makes ``"a"`` and ``"a"^^xsd:string`` one term. Given an rdflib
  graph it reads them right, but walks it in Python (4x slower at 100k). Given the store's
  N-Quads text (its ``Input``, what it builds from a store itself, marked as plain N-Quads) it
  reads them right at the store's speed: that is what kg gives it.
* without ``sh:message``, it words results its own way: :mod:`kg.validate.messages` puts
  pySHACL's words in.
* shapes it cannot load or run go to pySHACL, which runs them or says why not.
"""

from __future__ import annotations

import contextlib
import importlib.util
from typing import TYPE_CHECKING

from ..errors import KgError, UsageError

if TYPE_CHECKING:
    import rdflib

    from .dataview import DataView

#: Values of ``--engine``.
ENGINE_CHOICES: tuple[str, ...] = ("auto", "sparql", "turbo", "pyshacl")
_SH = "http://www.w3.org/ns/shacl#"


def turbo_available() -> bool:
    """True when pyshacl-turbo can be imported (it is not installed on Python 3.10)."""
    return importlib.util.find_spec("pyshacl_turbo") is not None


def fallback() -> str:
    """The engine ``auto`` runs when the shapes do not compile: turbo where installed."""
    return "turbo" if turbo_available() else "pyshacl"


def resolve(engine: str) -> str:
    """The engine to run for ``engine``: ``auto`` stays ``auto`` (the sparql engine where the
    shapes compile, else :func:`fallback`), which is decided in :func:`run`.

    :raises kg.errors.UsageError: an unknown engine name.
    :raises kg.errors.KgError: turbo is asked for and not installed.
    """
    name = engine.strip().lower()
    if name not in ENGINE_CHOICES:
        raise UsageError(f"Unknown engine {engine!r}: use one of {', '.join(ENGINE_CHOICES)}.")
    if name == "turbo" and not turbo_available():
        raise KgError("the turbo engine needs the pyshacl-turbo package (Python 3.11 or later); "
                      "install it, or use --engine pyshacl.")
    return name


def run(engine: str, data: DataView, shapes: rdflib.Graph, ontology: rdflib.Graph | None, *,
        allow_warnings: bool, allow_infos: bool) -> rdflib.Graph:
    """Validate with ``engine`` (a resolved name); the W3C report graph.

    Shapes that turbo cannot load or run are run by pySHACL instead: it runs them, or raises
    the reference's own message.

    :raises kg.errors.KgError: the shapes cannot be loaded or run.
    """
    _refuse_service(shapes)
    if engine in ("auto", "sparql"):
        from .compile.shapes import Unsupported

        try:
            return _run_sparql(data, shapes, ontology, allow_warnings=allow_warnings,
                               allow_infos=allow_infos)
        except Unsupported as exc:
            if engine == "sparql":
                raise KgError(f"the sparql engine cannot run these shapes: {exc}; use --engine "
                              "auto, turbo or pyshacl.") from None
        engine = fallback()
    if engine == "turbo":
        try:
            report = _run_turbo(data, shapes, ontology, allow_warnings=allow_warnings,
                                allow_infos=allow_infos)
        except Exception:  # turbo could not: pySHACL runs them or says why
            report = None
        if report is not None and not isinstance(report, Exception):
            return report
        # shapes turbo cannot run: pySHACL runs them, or says why not (the reference message)
    try:
        report = _run_pyshacl(data, shapes, ontology, allow_warnings=allow_warnings,
                              allow_infos=allow_infos)
    except KgError:  # e.g. a SERVICE clause in sh:select, refused before rdflib could send it
        raise
    except Exception as exc:  # e.g. a SPARQL syntax error in sh:select
        name = "" if _is_load_error(exc) else f"{type(exc).__name__}: "
        raise KgError(f"the shapes cannot be used: {name}{_one_line(exc)}") from exc
    if isinstance(report, Exception):  # pySHACL returns a ValidationFailure rather than raise it
        raise KgError(f"validation failed to run: {_one_line(report)}")
    return report


def _refuse_service(shapes: rdflib.Graph) -> None:
    """No engine may send a shape's SPARQL to another server: refuse SERVICE before either runs."""
    from rdflib import URIRef

    sh = "http://www.w3.org/ns/shacl#"
    for kind in ("select", "ask", "construct"):
        for text in shapes.objects(None, URIRef(sh + kind)):
            _guard_shapes_text(str(text))


def _guard_shapes_text(text: str) -> None:
    """A SERVICE clause in the shapes makes them unusable (exit 3), as SHACL-SPARQL says."""
    from ..query.service import guard

    try:
        guard(text, (), "the shapes' SPARQL", "shapes may not reach the network")
    except UsageError as exc:
        raise KgError(f"the shapes cannot be used: {exc}") from None


def _is_load_error(exc: Exception) -> bool:
    return type(exc).__name__ in ("ShapeLoadError", "ConstraintLoadError", "RuleLoadError",
                                  "ReportableRuntimeError")


def _one_line(exc: object) -> str:
    text = str(getattr(exc, "message", None) or exc).strip()
    return " ".join(text.split()) or type(exc).__name__


# -- pySHACL ------------------------------------------------------------------------------------


def _run_pyshacl(data: DataView, shapes, ontology, *, allow_warnings, allow_infos):
    import logging

    from pyshacl import validate

    # pySHACL logs its errors to stderr as well as raising them: ours are one line, so mute it.
    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        with _reuse_parsed_sparql():
            _, report, _ = validate(
                data.graph(), shacl_graph=shapes, ont_graph=ontology, inference="none",
                advanced=True, allow_warnings=allow_warnings, allow_infos=allow_infos,
                abort_on_first=False)
    finally:
        log.disabled = was_disabled
    return report


@contextlib.contextmanager
def _reuse_parsed_sparql():
    """Parse each SPARQL text once while pySHACL runs.

    pySHACL sends the same ``sh:select`` text to rdflib for every focus node, with the node in
    ``initBindings``, and rdflib parses it every time: on the bundled graph that parsing was 90%
    of the run (20 s of 23 s under a profiler). A parsed and translated query is reusable with
    other bindings (that is what ``rdflib.plugins.sparql.prepareQuery`` is for), so the text,
    base and namespaces key a cache for the duration of one validation. Every text is also
    checked for ``SERVICE`` (:mod:`kg.query.service`): rdflib would send it.
    """
    from rdflib.plugins.sparql import processor

    original = getattr(getattr(processor, "SPARQLProcessor", None), "query", None)
    if original is None or not hasattr(processor, "translateQuery"):  # another rdflib: as is
        yield
        return
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            # rdflib would send a SERVICE clause itself: shapes may not reach the network
            _guard_shapes_text(strOrQuery)
            key = (strOrQuery, base, tuple(sorted((str(k), str(v))
                                                  for k, v in (initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base,
                                                      initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


# -- the shapes compiled to SPARQL (kg.validate.compile) ---------------------------------------


def _run_sparql(data: DataView, shapes, ontology, *, allow_warnings, allow_infos):
    from .compile.lexical import written_values
    from .compile.run import compile_shapes, run_checks

    compiled = compile_shapes(shapes)
    value_of = written_values(data.lexical, compiled[0], data.oxigraph())
    report = run_checks(data.oxigraph(), compiled, ontology, allow_warnings=allow_warnings,
                        allow_infos=allow_infos, value_of=value_of)
    from .messages import reword_generic_messages

    reword_generic_messages(report, shapes, data)
    return report


# -- pyshacl-turbo ------------------------------------------------------------------------------


def _run_turbo(data: DataView, shapes, ontology, *, allow_warnings, allow_infos):
    import warnings

    from pyshacl_turbo import validate
    from pyshacl_turbo.rdf import Input  # the N-Quads text input it reads right (docstring)

    text = data.nquads().decode("utf-8")
    with warnings.catch_warnings():  # recursion warnings: pySHACL reports those silently too
        warnings.simplefilter("ignore")
        _, report, _ = validate(
            Input(text, "nquads", None, {}, preserve_ids=True), shacl_graph=shapes,
            ont_graph=ontology, inference="none", advanced=True, allow_warnings=allow_warnings,
            allow_infos=allow_infos, abort_on_first=False)
    del text
    if not isinstance(report, Exception):
        from .messages import reword_generic_messages

        reword_generic_messages(report, shapes, data)
    return report
