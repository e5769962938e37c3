"""``kg query`` and ``kg export`` without Click, for their plain forms: started in half the time.

Importing Click costs ~30 ms of every start, more than loading the bundled graph and running a
query together. This parser knows only the plain spellings of these two commands (see
:data:`PLAIN`): options with a value as the next word or after ``=``, repeatable options, flags,
``kg query``'s one NAME, FILE.rq or ``-`` and its ``-p NAME VALUE``. For anything else (help,
other options, an option given twice, a value that starts with ``-``) it returns None and Click
parses the command line, so every message about the arguments is Click's. What runs is the
function the Click command calls (:mod:`kg.cli.query_run`, :mod:`kg.cli.export_run`).
"""

from __future__ import annotations

import os
import sys
from collections import namedtuple

# positional: the keyword of the one argument (None: no argument); values: option spelling ->
# keyword; repeatable: keywords that collect a list; flags: spelling -> keyword set to True
Plain = namedtuple("Plain", "positional values repeatable flags")

_DATA_OPTIONS = {"--data": "data_files", "--data-format": "data_format", "--base": "base"}
PLAIN: dict[str, Plain] = {
    "query": Plain("query_arg",
                   {"-f": "fmt", "--format": "fmt", "-o": "output", "--output": "output",
                    "--store": "store_dir", **_DATA_OPTIONS},
                   {"data_files"}, {"--with-bundled": "with_bundled"}),
    "export": Plain(None,
                    {"-f": "fmt", "--format": "fmt", "-o": "output", "--output": "output",
                     "-g": "graphs", "--graph": "graphs", **_DATA_OPTIONS},
                    {"data_files", "graphs"}, {"--with-bundled": "with_bundled"}),
}


def parse_plain(command: str, args: list[str]) -> dict | None:
    """Keywords for ``command``'s body from the words after it, or None if Click must parse them.

    >>> parse_plain("query", ["timeline", "-f", "csv"])
    {'query_arg': 'timeline', 'fmt': 'csv'}
    >>> parse_plain("query", ["source_text", "-p", "entity", "kgr:Greece", "--store=db"])
    {'query_arg': 'source_text', 'params': [('entity', 'kgr:Greece')], 'store_dir': 'db'}
    >>> parse_plain("export", ["-g", "article", "--graph=links"])
    {'graphs': ['article', 'links']}
    >>> parse_plain("query", ["timeline", "--help"]) is None
    True
    """
    form = PLAIN.get(command)
    if form is None:
        return None
    found: dict = {}
    words = list(args)
    while words:
        word = words.pop(0)
        option, equals, value = word.partition("=")
        if equals and option.startswith("--") and option in form.values:
            words.insert(0, value)
            word = option
        if command == "query" and word in ("-p", "--param"):
            if len(words) < 2 or any(w.startswith("-") for w in words[:2]):
                return None
            found.setdefault("params", []).append((words.pop(0), words.pop(0)))
        elif word in form.values:
            key = form.values[word]
            if not words or words[0].startswith("-"):
                return None
            value = words.pop(0)
            if key in form.repeatable:
                found.setdefault(key, []).append(value)
            elif key in found:
                return None
            else:
                found[key] = value
        elif word in form.flags and form.flags[word] not in found:
            found[form.flags[word]] = True
        elif (form.positional and (word == "-" or not word.startswith("-"))
              and form.positional not in found):
            found[form.positional] = word
        else:
            return None
    if form.positional and form.positional not in found:
        return None
    if "store_dir" in found and os.path.isfile(found["store_dir"]):
        return None  # Click's own check on --store (a folder) words that error
    return found


def run_plain(args: list[str]) -> int | None:
    """Run ``kg ARGS`` and return its exit code, or None when Click must handle ARGS."""
    keywords = parse_plain(args[0], args[1:]) if args else None
    if keywords is None:
        return None
    from ..errors import KgError

    try:
        if args[0] == "query":
            from .query_run import run_query

            data, code = run_query(**keywords)
        else:
            from .export_run import run_export

            data, code = run_export(**keywords), 0
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
