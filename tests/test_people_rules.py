"""Each kind of edit the people and sides rule files govern is one JSON edit: no code changes.

Every test builds the pipeline from a copy of the packaged rules with one
word added, through the components' ``rules`` setting, and shows the word
takes effect where the packaged rules do not have it.
"""

import json
import shutil

import pytest
import spacy

from pressextract.rules import rules_dir

HEAD = "Talks\n\nMay 3, 2023\n\n"


def edited_rules(tmp_path, stem: str, edit) -> str:
    """A copy of the packaged rule folder with ``edit`` applied to ``<stem>.json``."""
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    path = folder / f"{stem}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(folder)


def pipeline(rules: str | None = None) -> spacy.Language:
    """Layout, people and sides on spaCy's blank English, people and sides reading ``rules``."""
    nlp = spacy.blank("en")
    nlp.add_pipe("px_sentences")
    nlp.add_pipe("px_layout")
    nlp.add_pipe("px_people", config={"rules": rules})
    nlp.add_pipe("px_sides", config={"rules": rules})
    return nlp


@pytest.fixture(scope="module")
def packaged():
    return pipeline()


def people(nlp, text: str) -> list[tuple]:
    doc = nlp(text)
    return [(p.name, p.title, p.country, p.honorifics) for p in doc._.px_participants]


def test_a_new_office(tmp_path, packaged):
    text = HEAD + "Grand Vizier Ahmed Pasha received the delegation."
    rules = edited_rules(tmp_path, "titles", lambda d: d["cores"].append("Grand Vizier"))
    assert people(packaged, text) == []
    assert people(pipeline(rules), text) == [("Ahmed Pasha", "Grand Vizier", None, [])]
    # Two rule sets live side by side in one process.
    assert people(packaged, text) == []


def test_a_new_honorific(tmp_path, packaged):
    text = HEAD + "Excelentísimo Señor Pedro Sánchez received the delegation."
    rules = edited_rules(tmp_path, "titles", lambda d: d["honorifics"].append("Excelentísimo Señor"))
    assert people(packaged, text) == []
    assert people(pipeline(rules), text) == [("Pedro Sánchez", None, None, ["Excelentísimo Señor"])]


def test_a_new_particle(tmp_path, packaged):
    text = HEAD + "Minister Karl-Theodor zu Guttenberg received the delegation."
    rules = edited_rules(tmp_path, "names", lambda d: d["family_particles"].append("zu"))
    assert [p[0] for p in people(packaged, text)] == ["Karl-Theodor"]
    assert [p[0] for p in people(pipeline(rules), text)] == ["Karl-Theodor zu Guttenberg"]


def test_a_particle_of_the_family_name_must_be_a_particle(tmp_path):
    from pressextract.errors import ConfigError

    rules = edited_rules(tmp_path, "names", lambda d: d["connecting_particles"].append("zu"))
    with pytest.raises(ConfigError, match=r"PX011.*names\.json.*zu"):
        pipeline(rules)


def test_a_new_demonym(tmp_path, packaged):
    text = HEAD + "Tuvaluan Prime Minister Feleti Teo received the delegation."
    rules = edited_rules(tmp_path, "countries", lambda d: d["demonyms"].update({"Tuvaluan": "TV"}))
    assert [(p[0], p[2]) for p in people(packaged, text)] == [("Feleti Teo", None)]
    assert [(p[0], p[2]) for p in people(pipeline(rules), text)] == [("Feleti Teo", "TV")]


def test_a_new_country_alias(tmp_path, packaged):
    text = HEAD + "The Prime Minister of Hellas Kyriakos Mitsotakis received the delegation."
    rules = edited_rules(tmp_path, "countries", lambda d: d["aliases"].update({"Hellas": "GR"}))
    # Unknown, the country reads as a portfolio.
    assert [(p[0], p[1], p[2]) for p in people(packaged, text)] == [("Kyriakos Mitsotakis", "Minister of Hellas", None)]
    assert [(p[0], p[1], p[2]) for p in people(pipeline(rules), text)] == [("Kyriakos Mitsotakis", "Prime Minister", "GR")]


def test_a_new_publisher(tmp_path, packaged):
    # The author in the byline speaks for the publisher's country, else for the country the text names most.
    text = (
        "Talks in Nairobi.\n\nMedia releases are available from the Auswaertiges Amt.\n\n"
        "MEDIA RELEASE MINISTER FOR FOREIGN AFFAIRS JOHANN SCHMIDT\n\nFA12 3 March 2024\n\n"
        "I met my counterpart from Kenya in Nairobi today. Kenya and its neighbours discussed trade.\n"
    )
    rules = edited_rules(tmp_path, "countries", lambda d: d["publishers"].update({"Auswaertiges Amt": "DE"}))
    assert people(packaged, text) == [("Johann Schmidt", "Minister for Foreign Affairs", "KE", [])]
    assert people(pipeline(rules), text) == [("Johann Schmidt", "Minister for Foreign Affairs", "DE", [])]


def test_a_new_word_that_is_never_a_name(tmp_path, packaged):
    text = HEAD + "President Ruto Thereafter spoke."
    rules = edited_rules(tmp_path, "names", lambda d: d["not_name_words"].append("Thereafter"))
    assert [p[0] for p in people(packaged, text)] == ["Ruto Thereafter"]
    assert [p[0] for p in people(pipeline(rules), text)] == ["Ruto"]


def test_a_new_spouse_noun(tmp_path, packaged):
    text = HEAD + "Prime Minister Fumio Kishida arrived with his consort."
    rules = edited_rules(tmp_path, "titles", lambda d: d["spouse_nouns"].append("consort"))
    assert len(people(packaged, text)) == 1
    assert len(people(pipeline(rules), text)) == 2
