"""The ``pressextract`` command line.

    pressextract extract PATH... [-o OUT] [--format jsonl|json]
    pressextract evaluate GOLD_DIR [--pred PRED.jsonl] [--json] [--show-errors]
    pressextract schema

Errors are one line each, naming the file and the fix; one bad file never
stops a batch. Exit status: 0 all good, 1 some inputs failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from .errors import PressExtractError


def record_json(record, indent: int | None = None) -> str:
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=indent, sort_keys=False)


def atomic_write(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _err(message: str) -> None:
    print(f"pressextract: {message}", file=sys.stderr)


def cmd_extract(args) -> int:
    from .api import iter_outcomes
    from .io import find_documents

    paths, problems = find_documents(args.paths)
    for problem in problems:
        _err(problem)
    if not paths and not problems:
        _err("no .txt, .md, .html or .htm files found in the given paths")
        return 2
    started = time.perf_counter()
    records, failures = [], [(p, None) for p in problems]
    out = Path(args.output) if args.output else None
    lines = []
    for outcome in iter_outcomes(paths, n_process=args.jobs, batch_size=args.batch_size, model=args.model):
        if outcome.error is not None:
            failures.append((outcome.source, outcome.error))
            _err(str(outcome.error))
            continue
        record = outcome.record
        records.append(record)
        if args.format == "jsonl":
            line = record_json(record)
            if out is None:
                sys.stdout.write(line + "\n")
            else:
                lines.append(line)
        elif args.format == "json":
            if out is None:
                sys.stdout.write(record_json(record, indent=1) + "\n")
            else:
                atomic_write(out / f"{record.doc_id}.json", record_json(record, indent=1) + "\n")
    if out is not None and args.format == "jsonl":
        target = out if out.suffix in (".jsonl", ".json") else out / "records.jsonl"
        atomic_write(target, "".join(line + "\n" for line in lines))
    elapsed = time.perf_counter() - started
    if not args.quiet:
        _summary(records, failures, elapsed, out)
    return 1 if failures else 0


def _summary(records, failures, elapsed: float, out: Path | None) -> None:
    n = len(records)
    events = sum(len(r.events) for r in records)
    people = sum(len(r.participants) for r in records)
    docs = sum(len(r.instruments) for r in records)
    stances = sum(len(r.positions) for r in records)
    rate = n / elapsed if elapsed > 0 else 0.0
    where = f" -> {out}" if out else ""
    print(
        f"{n} records{where}: {events} events, {people} participants, {docs} instruments, {stances} positions; "
        f"{len(failures)} failed; {elapsed:.1f}s ({rate:.1f} docs/s)",
        file=sys.stderr,
    )
    for source, error in failures:
        if error is not None:
            print(f"  failed: {error}", file=sys.stderr)


def cmd_evaluate(args) -> int:
    from .evaluate import find_gold_documents, format_errors, format_report, load_gold, score

    pairs = find_gold_documents(args.gold_dir)
    if not pairs:
        _err(f"{args.gold_dir}: no documents with a .gold.json beside them")
        return 2
    golds = {}
    for text_path, gold_path in pairs:
        golds[text_path] = load_gold(gold_path)
    preds: dict[str, dict] = {}
    if args.pred:
        with open(args.pred, encoding="utf-8") as handle:
            for n, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        _err(f"{args.pred}:{n}: not a JSON line ({exc.msg}): fix or regenerate the predictions")
                        return 2
                    preds[record.get("doc_id")] = record
    else:
        from .api import iter_outcomes

        for (text_path, _), outcome in zip(pairs, iter_outcomes([p for p, _ in pairs], n_process=args.jobs, model=args.model)):
            if outcome.record is not None:
                preds[text_path.stem] = outcome.record.model_dump(mode="json")
            else:
                _err(str(outcome.error))
    scored = []
    for text_path, gold_path in pairs:
        gold = golds[text_path]
        pred = preds.get(text_path.stem) or preds.get(gold.get("doc_id")) or {"doc_id": text_path.stem}
        gold = {**gold, "doc_id": gold.get("doc_id") or text_path.stem}
        scored.append((pred, gold))
    report = score(scored)
    if args.json:
        print(json.dumps(report.to_json(), indent=1, ensure_ascii=False))
    else:
        print(format_report(report, per_document=not args.summary))
    if args.show_errors:
        print(format_errors(report))
    return 0


def cmd_schema(args) -> int:
    from .records import record_json_schema

    print(json.dumps(record_json_schema(), indent=2, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pressextract", description="Structured records from diplomatic press releases.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract records from files and folders")
    ex.add_argument("paths", nargs="+", help="files or folders (.txt, .md, .html, .htm; folders are walked)")
    ex.add_argument("-o", "--output", help="output file (.jsonl) or folder; stdout when absent")
    ex.add_argument("--format", choices=("jsonl", "json"), default="jsonl", help="jsonl (default): one record per line; json: one file per document")
    ex.add_argument("--jobs", type=_positive, default=1, help="processes for spaCy (default 1)")
    ex.add_argument("--batch-size", type=_positive, default=16, help="documents per spaCy batch")
    ex.add_argument("--model", help="spaCy pipeline to load (default: $PRESSEXTRACT_MODEL or en_core_web_sm)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    ex.set_defaults(func=cmd_extract)

    ev = sub.add_parser("evaluate", help="score extraction against golden files")
    ev.add_argument("gold_dir", help="folder with documents and <name>.gold.json beside them (walked recursively)")
    ev.add_argument("--pred", help="score these JSON Lines records instead of running extraction")
    ev.add_argument("--json", action="store_true", help="print one JSON object for machines")
    ev.add_argument("--show-errors", action="store_true", help="list every miss, extra and wrong field")
    ev.add_argument("--summary", action="store_true", help="only the per-kind table, no per-document rows")
    ev.add_argument("--jobs", type=_positive, default=1)
    ev.add_argument("--model")
    ev.set_defaults(func=cmd_evaluate)

    sc = sub.add_parser("schema", help="print the JSON Schema of a record")
    sc.set_defaults(func=cmd_schema)
    return parser


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _version() -> str:
    from . import __version__

    return f"pressextract {__version__}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except PressExtractError as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
