"""The body of ``kg export``, shared by the Click command and the Click-free path (kg.cli.fast).

No Click here, so both ways in write exactly the same bytes and notes.
"""

from __future__ import annotations

import sys

from ..errors import UsageError


def run_export(fmt: str | None = None, output: str | None = None,
               graphs: tuple[str, ...] | list[str] = (), frame_file: str | None = None,
               allow_remote_context: bool = False, data_files: tuple[str, ...] | list[str] = (),
               data_format: str | None = None, with_bundled: bool = False,
               base: str | None = None) -> bytes | None:
    """Export as ``kg export`` does; return the bytes for stdout (None when they went to
    ``output``). Notes (empty selection, merged graphs) go to stderr."""
    from ..export.serialize import load_frame, select_quads, serialize
    from ..query.run import open_dataset
    from ..store.formats import check_base, guess_format, lookup_format
    from .output import require_format_on_stdout, to_stdout, write_output

    if with_bundled and not data_files:
        raise UsageError("--with-bundled adds the bundled graph to --data files: give --data.")
    if (data_format or base) and not data_files:
        raise UsageError(f"--{'data-format' if data_format else 'base'} applies to --data files.")
    base = check_base(base)
    if frame_file is not None:
        if fmt is not None and lookup_format(fmt).name != "json-ld":
            raise UsageError("--frame produces JSON-LD: drop --format or use --format json-ld.")
        fmt = "json-ld"
    require_format_on_stdout(output, fmt)
    info = lookup_format(fmt or "turtle") if to_stdout(output) else guess_format(output, fmt)

    frame = load_frame(frame_file) if frame_file else None
    store = open_dataset(data_files, data_format, with_bundled, base=base)
    quads = select_quads(store, graphs or ("all",))
    if not quads:
        sys.stderr.write("kg: note: the selected graphs are empty\n")
    named = {q.graph_name for q in quads}
    if not info.has_datasets and len(named) > 1:
        sys.stderr.write(f"kg: note: {info.name} holds one graph: {len(named)} graphs are merged "
                         "(trig, n-quads and json-ld keep them apart)\n")
    data = serialize(quads, info, frame=frame, allow_remote_context=allow_remote_context)
    if not to_stdout(output):
        write_output(output, data)
        return None
    return data
