"""The pipelines are built from extract/config/pipeline.cfg with the registered incidents_* components."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language
from spacy.util import registry

from extract.pipelines import LANGUAGES, build_pipeline


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pipeline_built_from_config_has_our_components(lang):
    nlp = build_pipeline(lang, str())
    assert nlp.lang == lang
    assert nlp.pipe_names == ["sentences", "gazetteer", "incidents_cues", "incidents_events"]
    assert nlp.get_pipe_meta("incidents_cues").factory == "incidents_cue_matcher"
    assert nlp.get_pipe_meta("incidents_events").factory == "incidents_event_builder"
    assert nlp.get_pipe("incidents_cues").entries, "lexicon loaded in initialize()"
    assert all(e["lang"] == lang for e in nlp.get_pipe("incidents_cues").entries)


def test_factories_and_loaders_are_registered():
    import extract.components  # noqa: F401

    for name in ("incidents_cue_matcher", "incidents_event_builder"):
        assert Language.has_factory(name)
    for name in ("incidents.lexicon.v1", "incidents.gazetteer.v1", "incidents.gazetteer_patterns.v1"):
        assert registry.misc.get(name)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="no pipeline"):
        build_pipeline("it")


def test_doc_level_annotations():
    nlp = build_pipeline("fr", str())
    doc = nlp.make_doc("Titre\n\nUn homme a été blessé par balle mercredi à Jette.")
    doc._.published = dt.date(2026, 3, 5)
    doc._.body_start = len("Titre\n\n")
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    labels = {s.label_ for s in doc.spans["incident_cues"]}
    assert {"TRIGGER", "INJURE", "WEAPON"} <= labels
    assert [e.label_ for e in doc.ents] == ["COMMUNE"]
    assert doc._.incidents[0]["commune"] == "Jette"


def test_cue_matcher_to_and_from_disk(tmp_path):
    nlp = build_pipeline("nl", str())
    cues = nlp.get_pipe("incidents_cues")
    cues.to_disk(tmp_path / "cues")
    other = build_pipeline("nl", str()).get_pipe("incidents_cues")
    other.set_lexicon([])
    other.from_disk(tmp_path / "cues")
    assert other.entries == cues.entries
    assert other.match("Twee gewonden bij schietpartij") == cues.match("Twee gewonden bij schietpartij")


def test_project_gazetteer_builds_when_present():
    try:
        from gazetteer import load

        load()
    except (ImportError, ValueError, FileNotFoundError) as exc:
        pytest.skip(f"project gazetteer not available: {exc}")
    nlp = build_pipeline("fr")
    assert len(nlp.get_pipe("gazetteer").patterns) > 100


def test_pipeline_round_trips_through_disk(tmp_path):
    import spacy

    try:
        from gazetteer import load

        load()
    except (ImportError, ValueError, FileNotFoundError) as exc:
        pytest.skip(f"project gazetteer not available: {exc}")
    nlp = build_pipeline("fr")
    nlp.to_disk(tmp_path / "fr")
    again = spacy.load(tmp_path / "fr")
    assert again.pipe_names == nlp.pipe_names
    assert again.get_pipe("incidents_events").gazetteer is not None
    assert again.get_pipe("incidents_cues").entries == nlp.get_pipe("incidents_cues").entries
