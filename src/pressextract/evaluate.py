"""Scoring records against golden files, by the rules of RECORD.md.

- Event: matched to a gold event of the same date whose start_time is equal
  (gold has a time) or whose kind is equal (gold has none); scored on kind,
  start_time, duration_minutes, approximate.
- Participant: matched by family name (case-, accent-, hyphen-insensitive),
  or when one side's family name stands as whole words in the other's name;
  scored on family_name (compared the same way, but whole: "Jinping" for Xi
  Jinping is wrong), title, country.
- Instrument: matched when any mention spans overlap; scored on type, label,
  parties (a set, case-insensitive, leading "the" dropped).
- Position: matched when spans overlap by at least half of the shorter one;
  scored on stance, joint, actors: the multiset of the actors' family names
  (compared as for family_name; unnamed people count by title and country).

Per kind: precision, recall, F1 of matches; per field: accuracy over matched
pairs; strict F1 counts a match only when every scored field is right. The
headline is the macro average over the four kinds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import GoldFileError

KINDS = ("events", "participants", "instruments", "positions")
FIELDS = {
    "events": ("kind", "start_time", "duration_minutes", "approximate"),
    "participants": ("family_name", "title", "country"),
    "instruments": ("type", "label", "parties"),
    "positions": ("stance", "joint", "actors"),
}


def _fold(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-‐’']+", " ", text).strip().lower()


def _whole_words(needle: str, haystack: str) -> bool:
    return bool(needle) and bool(re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack))


def participants_match(pred: dict, gold: dict) -> bool:
    pf, gf = _fold(pred.get("family_name")), _fold(gold.get("family_name"))
    if pf and gf:
        return pf == gf or _whole_words(gf, _fold(pred.get("name"))) or _whole_words(pf, _fold(gold.get("name")))
    return False


def _overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def positions_match(pred: dict, gold: dict) -> bool:
    a, b = pred["span"], gold["span"]
    shorter = min(a["end"] - a["start"], b["end"] - b["start"])
    return shorter > 0 and _overlap(a, b) * 2 >= shorter


def instruments_match(pred: dict, gold: dict) -> bool:
    return any(_overlap(a, b) > 0 for a in pred.get("mentions", []) for b in gold.get("mentions", []))


def events_match(pred: dict, gold: dict) -> bool:
    if pred.get("date") != gold.get("date"):
        return False
    if gold.get("start_time"):
        return pred.get("start_time") == gold.get("start_time")
    return pred.get("kind") == gold.get("kind")


def _party_set(parties: Iterable[str]) -> set[str]:
    return {re.sub(r"^the\s+", "", p.strip(), flags=re.IGNORECASE).lower() for p in parties or []}


class _Who:
    """Names people by family name, so that actors compare across records."""

    def __init__(self, record: dict) -> None:
        self.by_id = {p.get("id"): p for p in record.get("participants", [])}

    def key(self, pid: str) -> str:
        """The family name as RECORD.md compares it; an unnamed person by title and country."""
        person = self.by_id.get(pid)
        if person is None:
            return f"?{pid}"
        if person.get("family_name"):
            return _fold(person["family_name"])
        return f"(unnamed)|{person.get('title')}|{person.get('country')}"


def _actors_equal(pred_ids, gold_ids, pwho: _Who, gwho: _Who) -> bool:
    return Counter(pwho.key(p) for p in pred_ids) == Counter(gwho.key(g) for g in gold_ids)


def field_equal(kind: str, name: str, pred: dict, gold: dict, pwho: _Who, gwho: _Who) -> bool:
    if name == "family_name":
        return _fold(pred.get("family_name")) == _fold(gold.get("family_name"))
    if kind == "instruments" and name == "parties":
        return _party_set(pred.get("parties")) == _party_set(gold.get("parties"))
    if kind == "positions" and name == "actors":
        return _actors_equal(pred.get("actors", []), gold.get("actors", []), pwho, gwho)
    return pred.get(name) == gold.get(name)


_MATCHERS = {
    "events": events_match,
    "participants": participants_match,
    "instruments": instruments_match,
    "positions": positions_match,
}


@dataclass
class Pair:
    kind: str
    pred: dict | None
    gold: dict | None
    wrong: list[str] = field(default_factory=list)


def _unnamed_match(pred: dict, gold: dict, pairs_by_gold: dict, pwho: _Who, gwho: _Who) -> bool:
    """Unnamed people (a spouse) match by their relation to people already matched."""
    if pred.get("family_name") or gold.get("family_name"):
        return False
    prel, grel = pred.get("relation") or {}, gold.get("relation") or {}
    if prel and grel:
        partner = pairs_by_gold.get(grel.get("of"))
        return prel.get("type") == grel.get("type") and partner is not None and partner.get("id") == prel.get("of")
    if not prel and not grel:
        return pred.get("title") == gold.get("title") and pred.get("country") == gold.get("country")
    return False


def match_kind(kind: str, pred_items: list[dict], gold_items: list[dict], pwho: _Who, gwho: _Who) -> list[Pair]:
    """Pairs of matched items, then unmatched gold (misses) and unmatched predictions (extras)."""
    matcher = _MATCHERS[kind]
    used: set[int] = set()
    pairs: list[Pair] = []
    unmatched_gold: list[dict] = []
    for gold in gold_items:
        candidates = [(i, p) for i, p in enumerate(pred_items) if i not in used and matcher(p, gold)]
        if not candidates:
            unmatched_gold.append(gold)
            continue
        # The candidate that gets most fields right wins; ties go to text order.
        best = max(candidates, key=lambda c, gold=gold: (sum(field_equal(kind, f, c[1], gold, pwho, gwho) for f in FIELDS[kind]), -c[0]))
        used.add(best[0])
        pairs.append(Pair(kind, best[1], gold))
    if kind == "participants":
        by_gold = {pair.gold.get("id"): pair.pred for pair in pairs}
        still = []
        for gold in unmatched_gold:
            hit = next((i for i, p in enumerate(pred_items) if i not in used and _unnamed_match(p, gold, by_gold, pwho, gwho)), None)
            if hit is None:
                still.append(gold)
            else:
                used.add(hit)
                pairs.append(Pair(kind, pred_items[hit], gold))
        unmatched_gold = still
    for pair in pairs:
        pair.wrong = [f for f in FIELDS[kind] if not field_equal(kind, f, pair.pred, pair.gold, pwho, gwho)]
    pairs += [Pair(kind, None, g) for g in unmatched_gold]
    pairs += [Pair(kind, p, None) for i, p in enumerate(pred_items) if i not in used]
    return pairs


def score_document(pred: dict, gold: dict) -> dict[str, list[Pair]]:
    pwho, gwho = _Who(pred), _Who(gold)
    return {kind: match_kind(kind, pred.get(kind, []), gold.get(kind, []), pwho, gwho) for kind in KINDS}


def _prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    # Nothing predicted means nothing wrongly predicted; nothing to find means nothing missed.
    precision = tp / npred if npred else 1.0
    recall = tp / ngold if ngold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Report:
    kinds: dict
    documents: list[dict]
    errors: list[dict]

    @property
    def macro_f1(self) -> float:
        return sum(self.kinds[k]["f1"] for k in KINDS) / len(KINDS)

    @property
    def macro_strict_f1(self) -> float:
        return sum(self.kinds[k]["strict_f1"] for k in KINDS) / len(KINDS)

    def to_json(self) -> dict:
        return {
            "macro_f1": round(self.macro_f1, 4),
            "macro_strict_f1": round(self.macro_strict_f1, 4),
            "kinds": self.kinds,
            "documents": self.documents,
        }


def figures(report: Report) -> dict:
    """Per kind: F1, strict F1 and per-field accuracy (None where nothing matched), the figures floors hold."""
    return {
        kind: {"f1": report.kinds[kind]["f1"], "strict_f1": report.kinds[kind]["strict_f1"], "fields": dict(report.kinds[kind]["fields"])}
        for kind in KINDS
    }


def _kind_summary(kind: str, pairs: list[Pair]) -> dict:
    matched = [p for p in pairs if p.pred is not None and p.gold is not None]
    npred = sum(1 for p in pairs if p.pred is not None)
    ngold = sum(1 for p in pairs if p.gold is not None)
    precision, recall, f1 = _prf(len(matched), npred, ngold)
    strict = [p for p in matched if not p.wrong]
    _, _, strict_f1 = _prf(len(strict), npred, ngold)
    fields = {f: round(sum(1 for p in matched if f not in p.wrong) / len(matched), 4) if matched else None for f in FIELDS[kind]}
    return {
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "strict_f1": round(strict_f1, 4),
        "gold": ngold, "pred": npred, "matched": len(matched), "fields": fields,
    }


def _describe(item: dict | None) -> str:
    if item is None:
        return ""
    if "span" in item and item["span"]:
        return item["span"].get("text", "")[:100]
    if item.get("mentions"):
        return item["mentions"][0].get("text", "")[:100]
    return str(item.get("name") or item.get("title") or "")


def score(pairs_of_records: Iterable[tuple[dict, dict]]) -> Report:
    """Score (prediction, gold) record dicts; ids of either side may be absent."""
    all_pairs: dict[str, list[Pair]] = {k: [] for k in KINDS}
    documents, errors = [], []
    for pred, gold in pairs_of_records:
        doc_pairs = score_document(pred, gold)
        row = {"doc_id": gold.get("doc_id") or pred.get("doc_id")}
        for kind, pairs in doc_pairs.items():
            all_pairs[kind] += pairs
            summary = _kind_summary(kind, pairs)
            row[kind] = {"f1": summary["f1"], "strict_f1": summary["strict_f1"], "gold": summary["gold"], "pred": summary["pred"]}
            for pair in pairs:
                if pair.gold is None:
                    errors.append({"doc_id": row["doc_id"], "kind": kind, "error": "extra", "text": _describe(pair.pred)})
                elif pair.pred is None:
                    errors.append({"doc_id": row["doc_id"], "kind": kind, "error": "missed", "text": _describe(pair.gold)})
                for name in pair.wrong:
                    errors.append({
                        "doc_id": row["doc_id"], "kind": kind, "error": f"wrong {name}", "text": _describe(pair.gold),
                        "pred": _field_repr(kind, name, pair.pred, pred), "gold": _field_repr(kind, name, pair.gold, gold),
                    })
        documents.append(row)
    kinds = {kind: _kind_summary(kind, pairs) for kind, pairs in all_pairs.items()}
    return Report(kinds=kinds, documents=documents, errors=errors)


def _field_repr(kind: str, name: str, item: dict, record: dict):
    if kind == "positions" and name == "actors":
        who = _Who(record)
        return [who.key(a) for a in item.get("actors", [])]
    return item.get(name)


def gold_path_for(text_path: Path) -> Path:
    return text_path.with_name(text_path.name.rsplit(".", 1)[0] + ".gold.json")


def find_gold_documents(folder: str | Path) -> list[tuple[Path, Path]]:
    """(text file, golden file) pairs under ``folder``, recursively, sorted."""
    folder = Path(folder)
    out = []
    for gold in sorted(folder.rglob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        for suffix in (".txt", ".md", ".html", ".htm"):
            text = gold.with_name(stem + suffix)
            if text.exists():
                out.append((text, gold))
                break
    return out


def with_ids(record: dict) -> dict:
    """A copy of a record dict with the ids a golden file may omit filled in (e1, p1, i1, s1)."""
    out = dict(record)
    for kind, prefix in (("events", "e"), ("participants", "p"), ("instruments", "i"), ("positions", "s")):
        out[kind] = [{**item, "id": item.get("id") or f"{prefix}{n + 1}"} for n, item in enumerate(record.get(kind, []))]
    return out


def load_gold(path: str | Path) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldFileError(f"cannot be read as JSON ({exc}): fix the golden file", path=str(path)) from None
    if not isinstance(data, dict) or not all(isinstance(data.get(k, []), list) for k in KINDS):
        raise GoldFileError("does not have the record shape (events, participants, instruments, positions lists)", path=str(path))
    return data


def format_report(report: Report, per_document: bool = True) -> str:
    lines = []
    if per_document:
        lines.append(f"{'document':48} " + " ".join(f"{k[:5]:>11}" for k in KINDS))
        for row in report.documents:
            cells = " ".join(f"{row[k]['f1']:.2f} ({row[k]['gold']:>2}/{row[k]['pred']:>2})".rjust(11) for k in KINDS)
            lines.append(f"{str(row['doc_id'])[:48]:48} {cells}")
        lines.append("")
    lines.append(f"{'kind':14}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'strict':>8}  fields")
    for kind in KINDS:
        k = report.kinds[kind]
        fields = ", ".join(f"{f} {v:.2f}" if v is not None else f"{f} -" for f, v in k["fields"].items())
        lines.append(f"{kind:14}{k['gold']:>6}{k['pred']:>6}{k['precision']:>7.3f}{k['recall']:>7.3f}{k['f1']:>7.3f}{k['strict_f1']:>8.3f}  {fields}")
    lines.append(f"macro F1 {report.macro_f1:.3f}   macro strict F1 {report.macro_strict_f1:.3f}   ({len(report.documents)} documents)")
    return "\n".join(lines)


def format_errors(report: Report) -> str:
    out = []
    for e in report.errors:
        extra = f"  pred={e.get('pred')!r} gold={e.get('gold')!r}" if "pred" in e else ""
        out.append(f"{e['doc_id']}\t{e['kind']}\t{e['error']}\t{e['text']!r}{extra}")
    return "\n".join(out)
