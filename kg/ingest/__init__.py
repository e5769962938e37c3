"""Read encyclopedia articles about conflicts into graphs, every fact anchored in its words.

The input is the Kiwix plain-text rendering; the output is in the kg ontology.

Modules, one job each: :mod:`.source` (decode or refuse), :mod:`.layout` and :mod:`.table` (find
the infobox in each of the three layouts), :mod:`.dates`, :mod:`.quantities`, :mod:`.units`,
:mod:`.footnotes` and :mod:`.text` (value parsers), :mod:`.actors` and :mod:`.figures` (sections),
:mod:`.extract` (the whole article), :mod:`.model` (the extracted facts), :mod:`.mint` (IRIs),
:mod:`.graph` (RDF quads), :mod:`.report` (what became which fact) and :mod:`.run` (many files,
output, store).
"""
