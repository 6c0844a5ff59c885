"""The demo's data files: every record names a report it comes from."""

import pytest

from demo import facts

FILES = sorted(
    str(path.relative_to(facts.DATA).with_suffix(""))
    for path in facts.DATA.rglob("*.yaml")
    if path.name != "sources.yaml"
)


@pytest.mark.parametrize("name", FILES)
def test_it_reads_each_file_with_its_records_sources(name):
    content = facts.read(name)
    records = content if isinstance(content, list) else [content]
    assert records
    assert all(facts.cited(record["source"]) for record in records)


def test_every_report_is_cited():
    cited = set()
    for name in FILES:
        content = facts.read(name)
        for record in content if isinstance(content, list) else [content]:
            cited.update(facts.cited(record["source"]))
    assert cited == set(facts.reports())


def test_it_refuses_a_record_without_a_source(tmp_path, monkeypatch):
    monkeypatch.setattr(facts, "DATA", tmp_path)
    (tmp_path / "people.yaml").write_text(
        "- name: Ann Example\n  source: demo\n- name: Bo Example\n"
    )

    with pytest.raises(facts.FactsError, match=r"people.yaml, record 2 names no source"):
        facts.read("people")


def test_it_refuses_a_source_that_is_not_a_known_report(tmp_path, monkeypatch):
    monkeypatch.setattr(facts, "DATA", tmp_path)
    (tmp_path / "review.yaml").write_text(
        "source: swindon-2020\nparts:\n  - text: Written later\n    source: swindon-2021 §2\n"
    )

    with pytest.raises(facts.FactsError, match=r"names 'swindon-2021'"):
        facts.read("review")
