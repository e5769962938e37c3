"""``kg query`` without Click, for its plain forms: the commonest call, started in half the time.

Importing Click costs ~30 ms of every start, more than loading the bundled graph and running a
query together. This parser knows only the plain spellings of ``kg query``: one NAME, FILE.rq or
``-``; ``-p NAME VALUE``; ``-f``/``--format``, ``-o``/``--output``, ``--store``, ``--data``,
``--data-format`` (each value as the next word or after ``=``); ``--with-bundled``. For anything
else (help, other options, an option given twice, a value that starts with ``-``) it returns
None and Click parses the command line, so every message about the arguments is Click's. What
runs is :func:`kg.cli.query_run.run_query`, the function the Click command calls.
"""

from __future__ import annotations

import os
import sys

# option spelling -> run_query keyword; --data is the one that may be repeated
_VALUE_OPTIONS = {"-f": "fmt", "--format": "fmt", "-o": "output", "--output": "output",
                  "--store": "store_dir", "--data": "data_files", "--data-format": "data_format"}
_LONG_WITH_EQUALS = tuple(o + "=" for o in _VALUE_OPTIONS if o.startswith("--"))


def parse_plain_query(args: list[str]) -> dict | None:
    """``run_query`` keywords for the words after ``kg query``, or None if Click must parse them.

    >>> parse_plain_query(["timeline", "-f", "csv"])
    {'query_arg': 'timeline', 'fmt': 'csv'}
    >>> parse_plain_query(["source_text", "-p", "entity", "kgr:Greece", "--store=db"])
    {'query_arg': 'source_text', 'params': [('entity', 'kgr:Greece')], 'store_dir': 'db'}
    >>> parse_plain_query(["timeline", "--help"]) is None
    True
    """
    found: dict = {}
    words = list(args)
    while words:
        word = words.pop(0)
        if word.startswith(_LONG_WITH_EQUALS):
            option, value = word.split("=", 1)
            words.insert(0, value)
            word = option
        if word in ("-p", "--param"):
            if len(words) < 2 or any(w.startswith("-") for w in words[:2]):
                return None
            found.setdefault("params", []).append((words.pop(0), words.pop(0)))
        elif word in _VALUE_OPTIONS:
            key = _VALUE_OPTIONS[word]
            if not words or words[0].startswith("-"):
                return None
            value = words.pop(0)
            if key == "data_files":
                found.setdefault(key, []).append(value)
            elif key in found:
                return None
            else:
                found[key] = value
        elif word == "--with-bundled" and "with_bundled" not in found:
            found["with_bundled"] = True
        elif (word == "-" or not word.startswith("-")) and "query_arg" not in found:
            found["query_arg"] = word
        else:
            return None
    if "query_arg" not in found:
        return None
    if "store_dir" in found and os.path.isfile(found["store_dir"]):
        return None  # Click's own check on --store (a folder) words that error
    return found


def run_plain_query(args: list[str]) -> int | None:
    """Run ``kg query ARGS`` and return its exit code, or None when Click must handle ARGS."""
    keywords = parse_plain_query(args)
    if keywords is None:
        return None
    from ..errors import KgError
    from .query_run import run_query

    try:
        data, code = run_query(**keywords)
        if data is not None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    except KgError as exc:  # as the Click group reports it: one line, the error's exit code
        sys.stderr.write(f"kg: {exc}\n")
        return exc.exit_code
    except (KeyboardInterrupt, EOFError):  # Ctrl-C: as Click says it, no traceback
        sys.stderr.write("\nAborted!\n")
        return 1
    except BrokenPipeError:  # `kg query ... | head` is not an error
        # Python would complain again when it flushes stdout at exit: point stdout at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code
