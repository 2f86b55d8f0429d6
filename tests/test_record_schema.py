"""The JSON record is documented by a JSON Schema file, and real output obeys it."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema

import onrecord
from onrecord.records import Article

SAMPLE = Path(__file__).parent / "data" / "000_88a4e4ddf26ddf09.txt"
SCHEMA = json.loads(files("onrecord").joinpath("article.schema.json").read_text(encoding="utf-8"))


def test_the_sample_record_validates_against_the_schema() -> None:
    record = onrecord.analyze(SAMPLE.read_text(encoding="utf-8")).to_dict()
    jsonschema.validate(record, SCHEMA)


def test_the_schema_rejects_a_record_missing_its_attributions() -> None:
    record = Article(text="Hello.").to_dict()
    del record["attributions"]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid(record)


def test_a_record_round_trips_through_json() -> None:
    article = onrecord.analyze(SAMPLE.read_text(encoding="utf-8"))
    again = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert again == article
