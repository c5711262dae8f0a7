"""The ``pressextract`` command line.

    pressextract extract PATH... [-o OUT] [--format jsonl|json|csv|parquet|sqlite|plover] [--jobs N] [--resume] [--quiet]
    pressextract show FILE [--html OUT.html]          a document, extracted now
    pressextract show OUT.jsonl DOC_ID [--html ...]   a record from saved results
    pressextract evaluate GOLD_DIR [--pred PRED.jsonl] [--json] [--show-errors]
    pressextract schema
    pressextract link RESULTS... [-o OCCASIONS.jsonl] [--gold LINKS.json]

Errors are one line each, naming the file and the fix; one bad file never
stops a batch. Exit status: 0 all good, 1 some inputs failed, 2 bad usage,
130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .runner import BATCH_CHARS
from .sinks import FORMATS, atomic_write
from .errors import (
    BadArgumentError,
    BinaryInputError, DecodeError, DuplicateDocIdError, ExtractionError, InputReadError, InputTooLargeError,
    PressExtractError, ResultsFileError, SymlinkLoopError,
)

# Errors that are the input's fault: exit 1 (some inputs failed), not 2 (bad usage).
INPUT_ERRORS = (InputReadError, BinaryInputError, DecodeError, InputTooLargeError, ExtractionError, ResultsFileError)


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


@dataclass
class _Input:
    """One document to extract: a file, or standard input, with what the caller says of it."""

    source: str
    path: Path | None
    doc_id: str
    published: str | None = None
    url: str | None = None
    data: bytes | None = None  # standard input, read once

    def item(self, include_text: bool = False) -> dict:
        from .io import document_from_bytes
        from .runner import item_from_path

        if self.path is not None:
            return item_from_path(self.path, published=self.published, doc_id=self.doc_id, url=self.url)
        try:
            document = document_from_bytes(self.data or b"", self.source)
        except PressExtractError as exc:
            return {"doc_id": self.doc_id, "source": self.source, "error": str(exc), "code": exc.code, "exception": exc}
        return {
            "doc_id": self.doc_id, "text": document.text, "source": self.source, "published": self.published, "url": self.url,
            "warnings": list(document.warnings), "content_hash": document.sha256,
        }

    def content_hash(self) -> str | None:
        from .io import file_hash, hash_bytes

        return file_hash(self.path) if self.path is not None else hash_bytes(self.data or b"")


STDIN = "<stdin>"


def _read_manifest(path: str) -> list[dict]:
    """Rows of a manifest CSV: ``path`` (relative to the manifest's folder), and optional ``doc_id``, ``published``, ``url``."""
    import csv

    from .runner import check_published

    where = Path(path)
    try:
        with open(where, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip() for c in reader.fieldnames or []]
            if "path" not in columns:
                raise BadArgumentError(f"has no 'path' column (columns: {', '.join(columns) or 'none'}): the header must be path,doc_id,published,url", path=path)
            unknown = sorted(set(columns) - {"path", "doc_id", "published", "url"})
            if unknown:
                raise BadArgumentError(f"has an unknown column {unknown[0]!r}: use path, doc_id, published, url", path=path)
            rows = []
            for n, raw in enumerate(reader, 2):
                row = {k.strip(): (v or "").strip() or None for k, v in raw.items() if k is not None}
                if not row.get("path"):
                    raise BadArgumentError(f"line {n} has no path: every row names a file", path=path)
                try:
                    row["published"] = check_published(row.get("published"))
                except BadArgumentError:
                    raise BadArgumentError(f"line {n}: published {row['published']!r} is not a date: write it as YYYY-MM-DD", path=path) from None
                file = Path(row["path"]).expanduser()
                row["file"] = file if file.is_absolute() else where.parent / file
                rows.append(row)
    except OSError as exc:
        raise BadArgumentError(f"cannot be read ({exc.strerror or exc}): check the --manifest path", path=path) from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise BadArgumentError(f"is not a readable CSV ({exc}): save it as UTF-8 CSV with a header path,doc_id,published,url", path=path) from None
    return rows


def _gather_inputs(args) -> tuple[list[_Input], list[PressExtractError], list[Path]]:
    """The documents of this run, the problems met finding them, and the files skipped for their type."""
    from .io import find_documents

    skipped: list[Path] = []
    paths = [p for p in args.paths if p != "-"]
    manifest = _read_manifest(args.manifest) if args.manifest else []
    by_file = {os.path.normpath(row["file"]): row for row in manifest}
    if paths or not manifest:
        found, problems = find_documents(paths, include=tuple(args.include or ()), exclude=tuple(args.exclude or ()), skipped=skipped)
    else:
        found, problems = [row["file"] for row in manifest], []
    if args.shard:
        from .sharding import parse_shard, select_shard

        # Shards by path relative to the one folder given, so every worker of a job array splits alike.
        root = paths[0] if len(paths) == 1 and Path(paths[0]).is_dir() else None
        found = select_shard(found, *parse_shard(args.shard), root=root)
    inputs = []
    if "-" in args.paths:
        inputs.append(_Input(STDIN, None, "stdin", args.published, None, sys.stdin.buffer.read()))
    for path in found:
        row = by_file.get(os.path.normpath(path), {})
        inputs.append(_Input(str(path), path, row.get("doc_id") or path.stem, row.get("published") or args.published, row.get("url")))
    return inputs, problems, skipped


def cmd_extract(args) -> int:
    from .sinks import make_sink

    if args.published is not None:
        from .runner import check_published

        args.published = check_published(args.published)
    if not args.paths and not args.manifest:
        raise BadArgumentError("nothing to extract: give files, folders, - (standard input) or --manifest FILE.csv")
    inputs, problems, skipped = _gather_inputs(args)
    if args.engine == "ray":
        return _extract_on_ray(args, inputs, problems, skipped)
    notes = [p for p in problems if isinstance(p, SymlinkLoopError)]
    failures: list[PressExtractError] = [p for p in problems if not isinstance(p, SymlinkLoopError)]
    if not inputs and not failures and not args.shard:
        kinds = f" ({len(skipped)} other files skipped for their type)" if skipped else ""
        raise BadArgumentError(f"no .txt, .md, .html, .htm, .pdf or .docx files found in the given paths{kinds}: pass files or folders holding them")
    sink = make_sink(args.format, args.output, args.resume, include_text=args.include_text)
    for note in notes:
        _err(str(note))
    for failure in failures:
        _err(str(failure))
    reporter = _Reporter(len(inputs), args.quiet)
    items = {"events": 0, "participants": 0, "instruments": 0, "positions": 0}
    try:
        todo = _plan(args, inputs, sink, reporter, failures, items)
        _run(args, todo, sink, reporter, failures, items)
        sink.close()
    except BaseException:
        sink.abandon()
        raise
    finally:
        reporter.stop()
    if not args.quiet:
        # Documents read: the inputs found, and the named files that turned out not to exist.
        documents = len(inputs) + sum(isinstance(p, InputReadError) for p in problems)
        _summary(documents, sink, items, failures, skipped, time.perf_counter() - reporter.started)
    elif sink.untouched and not sink.resume:
        _err(f"no record written: {sink.target} left as it was")
    return 1 if failures else 0


def _plan(args, inputs: list[_Input], sink, reporter, failures: list, items: dict) -> list[tuple[int, _Input]]:
    """The inputs to extract: a second input with a doc_id the format keys by fails, an unchanged one is kept (--resume)."""
    from .sinks import output_keys_doc_ids

    todo: list[tuple[int, _Input]] = []
    owners: dict[str, str] = {}
    unique = output_keys_doc_ids(args.format) and args.output is not None
    for index, source in enumerate(inputs):
        # One record per doc_id where the format keys by it: json writes <doc_id>.json, the tables key items by doc_id.
        first = owners.setdefault(source.doc_id, source.source) if unique else source.source
        if first != source.source:
            failure = DuplicateDocIdError(
                f"has the same doc_id {source.doc_id!r} as {first}, and --format {args.format} keys records by doc_id: "
                "rename one, give ids in a --manifest, or use --format jsonl",
                path=source.source,
            )
            failures.append(failure)
            reporter.error(str(failure))
            reporter.advance()
            continue
        previous = sink.lookup(source.source) if args.resume else None
        if previous is not None and previous.get("content_hash") and previous.get("content_hash") == source.content_hash():
            sink.keep(index, previous)
            _count(items, previous)
            reporter.advance()
            continue
        todo.append((index, source))
    return todo


def _run(args, todo: list[tuple[int, _Input]], sink, reporter, failures: list, items: dict) -> None:
    """Extract ``todo`` into the sink, in input order; failures are reported as they happen."""
    from .runner import iter_item_outcomes

    outcomes = iter_item_outcomes(
        (source.item() for _, source in todo), model=args.model, n_process=args.jobs, batch_size=args.batch_size,
        batch_chars=args.batch_chars, include_text=args.include_text,
    )
    # The bar advances here, in the main process, once per outcome; wrapping the
    # input of a multi-process nlp.pipe in a bar hangs (spaCy #8798).
    for out in outcomes:
        index, _ = todo[out["index"]]
        if out["error"] is not None:
            failures.append(out["exception"])
            reporter.error(str(out["exception"]))
        else:
            sink.add(index, out.get("record_object") or out["record"])
            _count(items, out["record"])
        reporter.advance()


def _extract_on_ray(args, inputs, problems, skipped) -> int:
    """``--engine ray``: a Ray Data pipeline (local, or the cluster at ``--address``) writing shards, one merged
    JSONL and, with ``--format csv|parquet|sqlite``, the same tables as the local engine."""
    from .engines import ray_engine
    from .sinks import SQLITE_SUFFIXES, write_sqlite, write_tables

    if args.output is None or args.format == "json" or args.resume:
        raise BadArgumentError("--engine ray needs -o OUT_DIR and --format jsonl, csv, parquet or sqlite (no --resume): shards go to OUT_DIR/shards")
    if any(source.path is None for source in inputs):
        raise BadArgumentError("--engine ray reads files on its workers: save standard input to a file first")
    if Path(args.output).suffix.lower() in SQLITE_SUFFIXES:
        raise BadArgumentError("--engine ray writes a folder: give -o OUT_DIR (the database is OUT_DIR/records.sqlite)")
    for problem in problems:
        _err(str(problem))
    summary = ray_engine.run(
        [source.path for source in inputs], args.output, address=args.address, num_cpus=args.jobs if args.address is None else None,
        batch_size=args.batch_size, model=args.model, include_text=args.include_text,
        metadata=[{"doc_id": s.doc_id, "published": s.published, "url": s.url} for s in inputs],
    )
    out = Path(args.output)
    merged = out / ray_engine.MERGED
    if args.format in ("csv", "parquet"):
        from .results import iter_records

        write_tables(out, args.format, iter_records(merged))
    elif args.format == "sqlite":
        from .sinks import _lines_of

        write_sqlite(out / "records.sqlite", _lines_of(merged))
    for failure in summary.failures:
        _err(failure)
    if not args.quiet:
        rate = summary.documents / summary.elapsed_s if summary.elapsed_s else 0.0
        print(f"pressextract (ray): {summary.documents} documents, {summary.written} records written to {summary.target} "
              f"({len(summary.shards)} shards), {len(summary.failures)} failed; {summary.elapsed_s:.1f} s, {rate:.1f} documents/s", file=sys.stderr)
        if skipped:
            print(_skipped_line(skipped), file=sys.stderr)
    return 1 if summary.failures or problems else 0


def _count(items: dict, data: dict) -> None:
    for kind in items:
        items[kind] += len(data.get(kind) or [])


def _skipped_line(skipped: list[Path], limit: int = 5) -> str:
    from collections import Counter

    kinds = Counter(p.suffix.lower() or "no suffix" for p in skipped)
    names = ", ".join(str(p) for p in skipped[:limit]) + (f", … {len(skipped) - limit} more" if len(skipped) > limit else "")
    return f"  {len(skipped)} files skipped for their type ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}): {names}"


def _summary(documents: int, sink, items: dict, failures: list, skipped: list, elapsed: float) -> None:
    rate = documents / elapsed if elapsed > 0 else 0.0
    timing = f"{len(failures)} failed; {elapsed:.1f} s, {rate:.1f} documents/s"
    if sink.resume:
        kept = f"{sink.kept + sink.carried} kept"
        if sink.carried:
            kept += f" ({sink.kept} unchanged, {sink.carried} from inputs not in this run)"
        same = " (up to date: not rewritten)" if sink.untouched else ""
        head = (f"pressextract: {documents} documents read, {sink.written} records in {sink.target}{same}: "
                f"{sink.added} added, {sink.refreshed} refreshed, {kept}; {timing}")
    elif sink.untouched:
        head = f"pressextract: {documents} documents read, no record written: {sink.target} left as it was ({sink.written} records), {timing}"
    else:
        head = f"pressextract: {documents} documents read, {sink.written} records written to {sink.target}, {timing}"
    lines = [head, "  " + ", ".join(f"{n} {kind}" for kind, n in items.items())]
    if skipped:
        lines.append(_skipped_line(skipped))
    if failures:
        lines.append(f"  {len(failures)} failed:")
        lines += [f"    {failure}" for failure in failures]
    print("\n".join(lines), file=sys.stderr)


def cmd_show(args) -> int:
    from .display import page_html, print_record
    from .io import DOCUMENT_SUFFIXES

    target = Path(args.file)
    try:
        if target.is_dir() or target.suffix.lower() not in DOCUMENT_SUFFIXES:
            record = _record_from_results(target, args.doc_id)
        else:
            if args.doc_id:
                raise BadArgumentError(f"{args.file} is a document, not results: DOC_ID picks a record from a results file (OUT.jsonl)")
            from .api import extract_file

            record = extract_file(args.file, published=args.published, model=args.model)
    except PressExtractError as exc:
        # The input is bad, not the usage: exit 1 like a failed file in a batch.
        _err(str(exc))
        return 1 if isinstance(exc, INPUT_ERRORS) else 2
    if args.html:
        # Written before the tables are printed, so `show ... --html x.html | head` still writes it.
        atomic_write(Path(args.html), page_html(record))
        note = "" if record.doc_text is not None else " (tables only: the results hold no text; extract with --include-text)"
        _err(f"wrote {args.html}{note}")
    print_record(record)
    return 0


def _record_from_results(path: Path, doc_id: str | None):
    """One record of a results file: the one with ``doc_id``, or the only one."""
    from .results import iter_records

    if doc_id is None:
        records = []
        for record in iter_records(path):
            records.append(record.doc_id)
            if len(records) > 1:
                break
        if len(records) == 1:
            return next(iter(iter_records(path)))
        raise BadArgumentError(f"{path} holds {'several records' if records else 'no record'}: give the DOC_ID to show, e.g. pressextract show {path} {records[0] if records else 'DOC_ID'}")
    near = []
    for record in iter_records(path):
        if record.doc_id == doc_id:
            return record
        if len(near) < 5:
            near.append(record.doc_id)
    raise BadArgumentError(f"{path} has no record with doc_id {doc_id!r}: give one it holds (e.g. {', '.join(near) or 'none'})")


def cmd_evaluate(args) -> int:
    from .evaluate import find_gold_documents, format_errors, format_report, load_gold, score

    pairs = find_gold_documents(args.gold_dir)
    if not pairs:
        raise BadArgumentError("holds no documents with a <name>.gold.json beside them: give a folder of annotated documents", path=args.gold_dir)
    golds = {}
    for text_path, gold_path in pairs:
        golds[text_path] = load_gold(gold_path)
    preds: dict[str, dict] = {}
    if args.pred:
        from .results import iter_records

        # Any saved results (JSONL, a JSON or tables folder, SQLite); a bad one is a usage error (exit 2).
        for record in iter_records(args.pred):
            preds[record.doc_id] = record.model_dump(mode="json")
    else:
        from .api import iter_outcomes

        for (text_path, _), outcome in zip(pairs, iter_outcomes([p for p, _ in pairs], n_process=args.jobs, model=args.model), strict=True):
            if outcome.record is not None:
                preds[text_path.stem] = outcome.record.model_dump(mode="json")
            else:
                _err(str(outcome.error))
    scored = []
    for text_path, _gold_path in pairs:
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
    ex.add_argument("paths", nargs="*", help="files or folders (.txt, .md, .html, .htm, .pdf, .docx; folders are walked); - reads standard input")
    ex.add_argument("-o", "--output", help="output file (.jsonl, .sqlite) or folder; stdout when absent")
    ex.add_argument(
        "--format", choices=FORMATS, default="jsonl",
        help="jsonl (default): one record per line; json: one file per document in OUT/; "
        "csv / parquet: documents, events, participants, instruments, positions and link tables in OUT/; "
        "sqlite: the same tables in one database with keys and indexes (-o OUT.sqlite); "
        "plover: PLOVER event rows, one per line (docs/plover.md)",
    )
    ex.add_argument("--jobs", type=_positive, default=1, help="processes for spaCy (default 1); output is the same whatever N")
    ex.add_argument("--batch-size", type=_positive, default=16, help="documents per spaCy batch (default 16)")
    ex.add_argument("--batch-chars", type=_positive, default=BATCH_CHARS,
                    help=f"characters per spaCy batch (default {BATCH_CHARS:,}): bounds memory; a longer document goes alone")
    ex.add_argument("--resume", action="store_true",
                    help="keep the records in OUT of unchanged inputs and of inputs not in this run; extract the rest")
    ex.add_argument("--include-text", action="store_true", help="store each document's text (what the offsets index) in its record")
    ex.add_argument("--published", metavar="YYYY-MM-DD", help="release date for documents without a dateline (overrides the dateline)")
    ex.add_argument("--manifest", metavar="FILE.csv",
                    help="CSV with columns path (relative to the CSV), doc_id, published, url; its values go into the records. "
                    "Without PATHs, its files are the inputs")
    ex.add_argument("--include", action="append", metavar="GLOB", help="in folders, only files whose name or relative path matches (repeatable)")
    ex.add_argument("--exclude", action="append", metavar="GLOB", help="in folders, leave out files whose name or relative path matches (repeatable)")
    ex.add_argument("--shard", metavar="I/N", help="only shard I of N (0-based) of the files, split by a hash of each path: for job arrays")
    ex.add_argument("--engine", choices=("local", "ray"), default="local", help="local (default) or ray (pip install pressextract[ray])")
    ex.add_argument("--address", help="with --engine ray: the Ray cluster to join (e.g. auto, ray://host:10001); a local Ray when absent")
    ex.add_argument("--model", help="spaCy pipeline to load (default: $PRESSEXTRACT_MODEL or en_core_web_sm)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary (errors still go to stderr)")
    ex.set_defaults(func=cmd_extract)

    sh = sub.add_parser("show", help="print one document's record as tables; --html writes the highlighted text")
    sh.add_argument("file", help="a document (.txt, .md, .html, .htm, .pdf, .docx), or saved results (OUT.jsonl, a folder, OUT.sqlite)")
    sh.add_argument("doc_id", nargs="?", help="with saved results: the record to show")
    sh.add_argument("--html", metavar="OUT.html", help="also write the text with the spans highlighted, and the tables, as a standalone page")
    sh.add_argument("--published", help="release date YYYY-MM-DD when the text has no dateline")
    sh.add_argument("--model", help="spaCy pipeline to load")
    sh.set_defaults(func=cmd_show)

    ev = sub.add_parser("evaluate", help="score extraction against golden files")
    ev.add_argument("gold_dir", help="folder with documents and <name>.gold.json beside them (walked recursively)")
    ev.add_argument("--pred", help="score these saved records (JSONL, a JSON or tables folder, SQLite) instead of running extraction")
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


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main process is, so cleanup runs (workers ended, the journal kept)."""


def _on_sigterm(signum, frame) -> None:
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    import threading

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return args.func(args)
    except PressExtractError as exc:
        _err(str(exc))
        return 2
    except _Terminated:
        _err("terminated: run again with --resume to finish")
        return 143
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly, and keep Python from
        # complaining when it flushes the dead stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
