"""Rule files: validated at load with one PX011 line naming file and key, owned and saved by their components."""

import json
import shutil

import pytest
import spacy

from pressextract.errors import ConfigError
from pressextract.rules import alternation, load_rule_file, rules_dir
from pressextract.schemas import SCHEMAS, EventsRules

from .conftest import SEED


@pytest.mark.parametrize("stem", sorted(SCHEMAS))
def test_packaged_rule_files_are_valid(stem):
    """Data integrity, as dateparser checks its data: every packaged file validates against its schema."""
    rules = load_rule_file(rules_dir() / f"{stem}.json", SCHEMAS[stem])
    assert rules.doc, f"{stem}.json has no _doc saying what it holds"


def test_every_rule_file_has_a_schema():
    assert sorted(p.stem for p in rules_dir().glob("*.json")) == sorted(SCHEMAS)


@pytest.mark.parametrize("stem", sorted(SCHEMAS))
def test_no_word_listed_twice(stem):
    data = json.loads((rules_dir() / f"{stem}.json").read_text(encoding="utf-8"))
    for key, value in data.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            twice = sorted({v for v in value if value.count(v) > 1})
            assert not twice, f"{stem}.json {key} lists {twice} twice"


def _copy_rules(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    return folder


def _edit(folder, stem, change):
    path = folder / f"{stem}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_kind_that_does_not_exist_is_one_line_at_load(tmp_path):
    folder = _copy_rules(tmp_path)
    _edit(folder, "events", lambda d: d["nouns"].__setitem__("lunch meeting", "lunch_meeting"))
    with pytest.raises(ConfigError) as caught:
        load_rule_file(folder / "events.json", EventsRules)
    message = str(caught.value)
    assert message.startswith("[PX011] ") and "events.json" in message and "nouns.lunch meeting" in message
    assert "lunch_meeting" in message and "\n" not in message


def test_a_bad_rule_file_stops_the_pipeline_build_not_the_documents(tmp_path):
    folder = _copy_rules(tmp_path)
    _edit(folder, "events", lambda d: d["nouns"].__setitem__("lunch meeting", "lunch_meeting"))
    nlp = spacy.blank("en")
    nlp.add_pipe("px_layout")
    with pytest.raises(ConfigError, match=r"\[PX011\] .*events\.json: nouns"):
        nlp.add_pipe("px_events", config={"rules": str(folder)})


def test_unknown_key_is_refused(tmp_path):
    folder = _copy_rules(tmp_path)
    _edit(folder, "events", lambda d: d.__setitem__("meeting_verb", {"meet": "meeting"}))
    with pytest.raises(ConfigError, match=r"events\.json: meeting_verb: Extra inputs are not permitted"):
        load_rule_file(folder / "events.json", EventsRules)


def test_broken_json_and_missing_file_are_one_line(tmp_path):
    bad = tmp_path / "events.json"
    bad.write_text('{"nouns": {"summit": "summit_meeting",}}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[PX011\] .*events\.json: is not valid JSON \(line 1"):
        load_rule_file(bad, EventsRules)
    with pytest.raises(ConfigError, match=r"\[PX011\] .*nowhere\.json: rule file is missing"):
        load_rule_file(tmp_path / "nowhere.json", EventsRules)


def test_alternation_longest_first_spaces_flexible_deduplicated():
    import re

    pattern = re.compile(rf"(?:{alternation(['Prime', 'Prime Minister', 'Prime', 'H.E.'])})")
    assert pattern.match("Prime  Minister").group(0) == "Prime  Minister"
    assert pattern.match("Prime\nMinister").group(0) == "Prime\nMinister"
    assert pattern.match("H.E.").group(0) == "H.E." and not pattern.match("HxE.")
    assert alternation(["b", "a"]) == alternation(["a", "b", "a"])
    assert re.compile(alternation([])).search("anything") is None


def test_saved_pipeline_holds_its_rules_and_gives_the_same_records(nlp, tmp_path):
    from pressextract.assemble import doc_to_record
    from pressextract.extensions import DocContext
    from pressextract.runner import make_doc

    nlp.to_disk(tmp_path / "pipeline")
    for name in ("px_people", "px_events", "px_instruments", "px_positions"):
        saved = sorted(p.name for p in (tmp_path / "pipeline" / name).iterdir())
        assert saved == sorted(f"{stem}.json" for stem in nlp.get_pipe(name).rule_files)
    reloaded = spacy.load(tmp_path / "pipeline")
    text = SEED.read_text(encoding="utf-8")
    ours = doc_to_record(nlp(make_doc(nlp, text, DocContext("seed")))).model_dump_json()
    theirs = doc_to_record(reloaded(make_doc(reloaded, text, DocContext("seed")))).model_dump_json()
    assert ours == theirs


def test_saved_rules_are_what_the_saved_pipeline_uses(nlp, tmp_path):
    """Editing a saved pipeline's rule file changes what that pipeline finds, and only that one."""
    from pressextract.runner import make_doc
    from pressextract.extensions import DocContext

    nlp.to_disk(tmp_path / "pipeline")
    _edit(tmp_path / "pipeline" / "px_events", "events", lambda d: d["meeting_verbs"].__setitem__("confer", "meeting"))
    reloaded = spacy.load(tmp_path / "pipeline")
    text = "Readout\n\nMay 3, 2024\n\nPresident Ana Lopes conferred with Prime Minister Rui Costa of Portugal in Lisbon."
    kinds = lambda pipeline: [e.kind for e in pipeline(make_doc(pipeline, text, DocContext("x")))._.px_events]  # noqa: E731
    # A meeting of a President and a Prime Minister is promoted to a summit meeting.
    assert kinds(reloaded) == ["summit_meeting"]
    assert kinds(nlp) == []


def test_every_key_of_every_rule_file_is_read(monkeypatch):
    """No dead keys: building the pipeline and extracting the corpus reads every field of every schema."""
    import pressextract.rules as rules_module
    from pressextract.pipeline import build
    from pressextract.rules import RuleFile

    read: dict[type, set[str]] = {}
    original = RuleFile.__getattribute__

    def recording(self, name):
        cls = type(self)
        if name in cls.model_fields:
            read.setdefault(cls, set()).add(name)
        return original(self, name)

    monkeypatch.setattr(rules_module, "_BUILT", {})  # compile afresh, not from another test's shared objects
    monkeypatch.setattr(RuleFile, "__getattribute__", recording)
    nlp = build()
    from .golden import documents

    texts = [text_path.read_text(encoding="utf-8") for text_path, _ in documents("corpus")]
    # Rules the corpus never reaches: an occasion in a conditional clause, a list of outcomes with no other cue.
    texts += [
        "Readout\n\nMay 1, 2024\n\nThe ministers will sign the agreement once the two leaders meet in Rome.\n",
        "List of outcomes\n\nMay 1, 2024\n\nOutcomes of the visit:\n\n1. Memorandum of Understanding on Health "
        "between the Ministry of Health of Chile and the Ministry of Health of Peru\n",
    ]
    for text in texts:
        nlp(text)
    unread = {
        stem: sorted(set(schema.model_fields) - {"doc"} - read.get(schema, set()))
        for stem, schema in SCHEMAS.items()
    }
    assert {stem: keys for stem, keys in unread.items() if keys} == {}


def test_rule_file_guide_is_current():
    """docs/rules.md is generated from the schemas: a new key must be documented there too."""
    import subprocess
    import sys

    from .conftest import ROOT

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "rules_doc.py"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
