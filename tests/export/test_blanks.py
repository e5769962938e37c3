"""Blank-node naming for export: exact, deterministic, and linear for trees (kg.export.blanks)."""

from __future__ import annotations

import random

import pyoxigraph as ox

from kg.export.blanks import TREE_MIN, canonical_blank_quads
from kg.export.serialize import canonical_quads


def parse(text: str) -> list[ox.Quad]:
    return list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS))


def isomorphic(a, b) -> bool:
    left, right = ox.Dataset(a), ox.Dataset(b)
    left.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    right.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(left) == set(right)


def tree_lines(prefix: str) -> list[str]:
    lines = [f"<urn:root> <urn:has> _:{prefix}0 ."]
    for i in range(TREE_MIN * 2):
        lines.append(f"_:{prefix}{i} <urn:next> _:{prefix}{i + 1} .")
        lines.append(f'_:{prefix}{i} <urn:value> "{i % 3}" .')
    # twins: two identical leaves under one parent, which must both survive
    lines += [f"_:{prefix}0 <urn:leaf> _:{prefix}L1 .", f"_:{prefix}0 <urn:leaf> _:{prefix}L2 .",
              f'_:{prefix}L1 <urn:v> "same" .', f'_:{prefix}L2 <urn:v> "same" .']
    return lines


def test_a_tree_gets_the_same_names_whatever_the_order_and_labels():
    lines = tree_lines("a")
    first = sorted(canonical_quads(parse("\n".join(lines))), key=str)
    random.Random(7).shuffle(lines)
    relabelled = [line.replace("_:a", "_:zz") for line in lines]
    second = sorted(canonical_quads(parse("\n".join(relabelled))), key=str)
    assert first == second
    assert len(first) == len(lines)
    assert isomorphic(first, parse("\n".join(lines)))
    assert all(q.subject.value.startswith("t") for q in first if type(q.subject) is ox.BlankNode)


def test_a_cycle_falls_back_to_rdfc():
    lines = [f"_:n{i} <urn:next> _:n{(i + 1) % (TREE_MIN + 1)} ." for i in range(TREE_MIN + 1)]
    quads = parse("\n".join(lines))
    named = canonical_blank_quads(quads)
    assert isomorphic(named, quads)
    assert all(q.subject.value.startswith("c14n") for q in named)


def test_small_components_keep_rdfc_names():
    quads = parse('<urn:a> <urn:p> _:x .\n_:x <urn:q> "1" .')
    assert {q.object.value for q in canonical_blank_quads(quads) if q.predicate.value == "urn:p"} \
        == {"c14n0"}


def test_a_deep_nesting_exports(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    depth = 999
    path = tmp_path / "deep.ttl"
    path.write_text("<urn:a> <urn:b> " + "[ <urn:p> " * depth + "1" + " ]" * depth + " .\n")
    result = CliRunner().invoke(cli, ["export", "-f", "nt", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == depth + 1
