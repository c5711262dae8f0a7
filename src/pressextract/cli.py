"""The ``pressextract`` command line.

    pressextract extract PATH... [-o OUT] [--format jsonl|json|csv|parquet|plover] [--jobs N] [--resume] [--quiet]
    pressextract show FILE [--html OUT.html]
    pressextract evaluate GOLD_DIR [--pred PRED.jsonl] [--json] [--show-errors]
    pressextract schema
    pressextract link RESULTS... [-o OCCASIONS.jsonl] [--gold LINKS.json]

Errors are one line each, naming the file and the fix; one bad file never
stops a batch. Exit status: 0 all good, 1 some inputs failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .sinks import FORMATS, atomic_write
from .errors import (
    BadArgumentError,
    BinaryInputError, DecodeError, DuplicateDocIdError, ExtractionError, InputReadError, InputTooLargeError,
    PressExtractError, SymlinkLoopError,
)

# Errors that are the input's fault: exit 1 (some inputs failed), not 2 (bad usage).
INPUT_ERRORS = (InputReadError, BinaryInputError, DecodeError, InputTooLargeError, ExtractionError)


def _err(message: str) -> None:
    print(f"pressextract: {message}", file=sys.stderr)


class _Reporter:
    """Progress and messages on stderr: a rich progress bar on a terminal, plain lines otherwise."""

    def __init__(self, total: int, quiet: bool) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False)
        self.progress = None
        if not quiet and self.console.is_terminal and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                console=self.console, transient=True,
            )
            self.task = self.progress.add_task("extract", total=total, rate="")
            self.progress.start()
        self.started = time.perf_counter()
        self.done = 0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.progress is not None:
            elapsed = time.perf_counter() - self.started
            rate = f"{self.done / elapsed:.1f} docs/s" if elapsed > 0 else ""
            self.progress.update(self.task, advance=n, rate=rate)

    def error(self, message: str) -> None:
        if self.progress is not None:
            # Through the progress console so the bar is redrawn below the line, not torn; markup off
            # because error codes look like rich tags ("[PX002]").
            self.progress.console.print(f"pressextract: {message}", markup=False, highlight=False, style="red")
        else:
            _err(message)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def cmd_extract(args) -> int:
    from .sinks import make_sink
    from .io import file_hash, find_documents

    paths, problems = find_documents(args.paths)
    if args.shard:
        from .sharding import parse_shard, select_shard

        # Shards by path relative to the one folder given, so every worker of a job array splits alike.
        root = args.paths[0] if len(args.paths) == 1 and Path(args.paths[0]).is_dir() else None
        paths = select_shard(paths, *parse_shard(args.shard), root=root)
    if args.engine == "ray":
        return _extract_on_ray(args, paths, problems)
    notes = [p for p in problems if isinstance(p, SymlinkLoopError)]
    failures: list[PressExtractError] = [p for p in problems if not isinstance(p, SymlinkLoopError)]
    if not paths and not failures:
        _err("no .txt, .md, .html or .htm files found in the given paths: pass files or folders holding them")
        return 2
    sink = make_sink(args.format, args.output, args.resume)
    for note in notes:
        _err(str(note))
    for failure in failures:
        _err(str(failure))
    reporter = _Reporter(len(paths), args.quiet)
    resumed = 0
    todo: list[tuple[int, Path]] = []
    owners: dict[str, Path] = {}
    items = {"events": 0, "participants": 0, "instruments": 0, "positions": 0}
    try:
        for index, path in enumerate(paths):
            if args.format == "json" and args.output is not None:
                # One file per doc_id: a second file with the same stem would overwrite the first.
                first = owners.setdefault(path.stem, path)
                if first != path:
                    failure = DuplicateDocIdError(
                        f"has the same doc_id {path.stem!r} as {first}, so both would write {path.stem}.json: rename one",
                        path=str(path),
                    )
                    failures.append(failure)
                    reporter.error(str(failure))
                    reporter.advance()
                    continue
            if args.resume:
                previous = sink.lookup(path)
                if previous is not None and previous.get("content_hash") and previous.get("content_hash") == file_hash(path):
                    sink.keep(index, previous)
                    _count(items, previous)
                    resumed += 1
                    reporter.advance()
                    continue
            todo.append((index, path))
        from .api import iter_outcomes

        outcomes = iter_outcomes([p for _, p in todo], n_process=args.jobs, batch_size=args.batch_size, model=args.model)
        # The bar advances here, in the main process, once per outcome; wrapping the
        # input of a multi-process nlp.pipe in a bar hangs (spaCy #8798).
        for (index, _), outcome in zip(todo, outcomes):
            if outcome.error is not None:
                failures.append(outcome.error)
                reporter.error(str(outcome.error))
            else:
                sink.add(index, outcome.record)
                _count(items, outcome.record.model_dump(mode="json"))
            reporter.advance()
        sink.close()
    finally:
        reporter.stop()
    if not args.quiet:
        # Documents read: the files found, and the named files that turned out not to exist.
        documents = len(paths) + sum(isinstance(p, InputReadError) for p in problems)
        _summary(documents, sink, resumed, items, failures, time.perf_counter() - reporter.started)
    return 1 if failures else 0


def _extract_on_ray(args, paths, problems) -> int:
    """``--engine ray``: a Ray Data pipeline (local, or the cluster at ``--address``) writing shards and one merged JSONL."""
    from .engines import ray_engine

    if args.output is None or args.format not in ("jsonl", "parquet") or args.resume:
        raise BadArgumentError("--engine ray needs -o OUT_DIR and --format jsonl or parquet (no --resume): shards go to OUT_DIR/shards")
    for problem in problems:
        _err(str(problem))
    summary = ray_engine.run(paths, args.output, address=args.address, num_cpus=args.jobs if args.address is None else None,
                             batch_size=args.batch_size, model=args.model, fmt=args.format)
    for failure in summary.failures:
        _err(failure)
    if not args.quiet:
        rate = summary.documents / summary.elapsed_s if summary.elapsed_s else 0.0
        print(f"pressextract (ray): {summary.documents} documents, {summary.written} records written to {summary.target} "
              f"({len(summary.shards)} shards), {len(summary.failures)} failed; {summary.elapsed_s:.1f} s, {rate:.1f} documents/s", file=sys.stderr)
    return 1 if summary.failures or problems else 0


def _count(items: dict, data: dict) -> None:
    for kind in items:
        items[kind] += len(data.get(kind) or [])


def _summary(documents: int, sink, resumed: int, items: dict, failures: list, elapsed: float) -> None:
    rate = documents / elapsed if elapsed > 0 else 0.0
    kept = f" ({resumed} unchanged, kept from the last run)" if resumed else ""
    lines = [
        f"pressextract: {documents} documents read, {sink.written} records written to {sink.target}{kept}, "
        f"{len(failures)} failed; {elapsed:.1f} s, {rate:.1f} documents/s",
        "  " + ", ".join(f"{n} {kind}" for kind, n in items.items()),
    ]
    if failures:
        lines.append(f"  {len(failures)} failed:")
        lines += [f"    {failure}" for failure in failures]
    print("\n".join(lines), file=sys.stderr)


def cmd_show(args) -> int:
    from .api import extract_file
    from .display import page_html, print_record

    try:
        record = extract_file(args.file, published=args.published, model=args.model)
    except PressExtractError as exc:
        # The input is bad, not the usage: exit 1 like a failed file in a batch.
        _err(str(exc))
        return 1 if isinstance(exc, INPUT_ERRORS) else 2
    if args.html:
        # Written before the tables are printed, so `show ... --html x.html | head` still writes it.
        atomic_write(Path(args.html), page_html(record))
        _err(f"wrote {args.html}")
    print_record(record)
    return 0


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


def _record_lines(path: Path, failures: list) -> list:
    from .records import Record
    from pydantic import ValidationError

    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        failures.append(InputReadError(f"cannot be read ({getattr(exc, 'strerror', None) or exc}): check the path", path=str(path)))
        return []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(Record.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else exc.errors()[0]["msg"]
            failures.append(InputReadError(f"line {n} is not a record ({reason}): regenerate it with pressextract extract", path=str(path)))
    return records


def _link_inputs(args, failures: list) -> list:
    """Records from RESULTS: a .jsonl of records, a folder holding one (records.jsonl, a table folder's
    .records.jsonl) or <doc_id>.json records, or readouts (.txt, .md, .html) extracted on the fly."""
    from .api import iter_outcomes
    from .io import TEXT_SUFFIXES, find_documents

    records, documents = [], []
    for raw in args.results:
        path = Path(raw)
        if path.is_dir():
            store = next((s for s in (path / "records.jsonl", path / ".records.jsonl") if s.is_file()), None)
            texts, problems = find_documents([path])
            if store is not None:
                records += _record_lines(store, failures)
            elif texts:
                documents += texts
                failures += [p for p in problems if not isinstance(p, SymlinkLoopError)]
            else:
                for file in sorted(path.glob("*.json")):
                    records += _record_lines(file, failures) if file.read_text(encoding="utf-8", errors="replace").lstrip().startswith("{") else []
        elif path.suffix.lower() in (".jsonl", ".json"):
            records += _record_lines(path, failures)
        elif path.suffix.lower() in TEXT_SUFFIXES or not path.exists():
            texts, problems = find_documents([path])
            documents += texts
            failures += problems
        else:
            failures.append(BadArgumentError(f"is neither records (.jsonl, .json) nor a readout ({', '.join(TEXT_SUFFIXES)}): pass those", path=str(path)))
    for outcome in iter_outcomes(documents, n_process=args.jobs, model=args.model):
        if outcome.error is not None:
            failures.append(outcome.error)
        else:
            records.append(outcome.record)
    return records


def cmd_link(args) -> int:
    from .link import link, score_links
    from .sinks import write_jsonl

    failures: list[PressExtractError] = []
    records = _link_inputs(args, failures)
    for failure in failures:
        _err(str(failure))
    if not records:
        _err("no records to link: pass a records .jsonl, a folder of results, or readouts to extract")
        return 2
    clusters = _gold_clusters(args.gold) if args.gold else None
    occasions = link(records)
    target = Path(args.output) if args.output else None
    write_jsonl(target, (json.dumps(o.model_dump(mode="json"), ensure_ascii=False) for o in occasions))
    if not args.quiet:
        joined = len({d for o in occasions for d in o.documents})
        print(f"pressextract link: {len(records)} records, {len(occasions)} occasions joining {joined} documents"
              f"{f' written to {target}' if target else ''}", file=sys.stderr)
    if clusters is not None:
        result = score_links(occasions, clusters, [r.doc_id for r in records])
        print(f"  {result.summary()}", file=sys.stderr)
        for a, b in result.missed:
            print(f"  missed: {a} {b}", file=sys.stderr)
        for a, b in result.extra:
            print(f"  extra:  {a} {b}", file=sys.stderr)
    return 1 if failures else 0


def _gold_clusters(path: str) -> list[list[str]]:
    """Occasion clusters from a JSON file: a list of lists of doc_ids, or an object holding one under "clusters" or "dev"."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BadArgumentError(f"--gold {path}: cannot be read as JSON ({getattr(exc, 'msg', None) or exc}): give a links file") from None
    clusters = data.get("clusters", data.get("dev")) if isinstance(data, dict) else data
    if not isinstance(clusters, list) or not all(isinstance(c, list) and all(isinstance(d, str) for d in c) for c in clusters):
        raise BadArgumentError(f"--gold {path}: holds no list of clusters (lists of doc_ids, alone or under \"clusters\" or \"dev\"): fix the file")
    return clusters


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
    ex.add_argument(
        "--format", choices=FORMATS, default="jsonl",
        help="jsonl (default): one record per line; json: one file per document in OUT/; "
        "csv / parquet: events, participants, instruments, positions (and documents) tables in OUT/; "
        "plover: PLOVER event rows, one per line (docs/plover.md)",
    )
    ex.add_argument("--jobs", type=_positive, default=1, help="processes for spaCy (default 1); output is the same whatever N")
    ex.add_argument("--batch-size", type=_positive, default=16, help="documents per spaCy batch")
    ex.add_argument("--resume", action="store_true", help="skip documents whose record in OUT exists and whose input is unchanged")
    ex.add_argument("--shard", metavar="I/N", help="only shard I of N (0-based) of the files, split by a hash of each path: for job arrays")
    ex.add_argument("--engine", choices=("local", "ray"), default="local", help="local (default) or ray (pip install pressextract[ray])")
    ex.add_argument("--address", help="with --engine ray: the Ray cluster to join (e.g. auto, ray://host:10001); a local Ray when absent")
    ex.add_argument("--model", help="spaCy pipeline to load (default: $PRESSEXTRACT_MODEL or en_core_web_sm)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary (errors still go to stderr)")
    ex.set_defaults(func=cmd_extract)

    sh = sub.add_parser("show", help="print one document's record as tables; --html writes the highlighted text")
    sh.add_argument("file", help="a .txt, .md, .html or .htm file")
    sh.add_argument("--html", metavar="OUT.html", help="also write the text with the spans highlighted, and the tables, as a standalone page")
    sh.add_argument("--published", help="release date YYYY-MM-DD when the text has no dateline")
    sh.add_argument("--model", help="spaCy pipeline to load")
    sh.set_defaults(func=cmd_show)

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

    lk = sub.add_parser("link", help="group the events of different releases that are one occasion; readouts side by side")
    lk.add_argument("results", nargs="+", help="records (.jsonl, .json, a results folder) or readouts to extract (.txt, .md, .html, folders)")
    lk.add_argument("-o", "--output", help="occasions as JSON Lines; stdout when absent")
    lk.add_argument("--gold", metavar="LINKS.json", help="score the links pairwise against these clusters of doc_ids (on stderr)")
    lk.add_argument("--jobs", type=_positive, default=1, help="processes for extracting readouts")
    lk.add_argument("--model", help="spaCy pipeline to load when readouts are extracted")
    lk.add_argument("-q", "--quiet", action="store_true", help="no summary (errors still go to stderr)")
    lk.set_defaults(func=cmd_link)
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
        # The reader (head, less) went away: stop quietly, and keep Python from
        # complaining when it flushes the dead stdout at exit.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
