"""Each report renders from the demo records to a PDF whose text says what the
pages say; exempt items appear only in the copy for those entitled to them."""

import datetime
import gc
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models import Budget
from meetings.models import ActionUpdate, AgendaItem, Meeting
from meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from partnerships.models import Group, Partnership
from partnerships.tests.factories import OrganisationFactory, PersonFactory
from reports import documents
from scrutiny.models import Review, ReviewQuestion
from scrutiny.tests.factories import ReviewFactory
from strategy.tests.factories import RiskFactory

SWINDON = "Swindon Community Safety Partnership"


def text_of(pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _board_meeting():
    exempt = AgendaItem.objects.filter(exempt=True, meeting__group__partnership__name=SWINDON)
    return Meeting.objects.get(pk=exempt.values_list("meeting", flat=True).first())


def test_it_puts_exempt_items_in_a_marked_part_only_for_those_entitled(demo, tmp_path):
    meeting = _board_meeting()
    secret = meeting.items.filter(exempt=True).first()
    public = meeting.items.filter(exempt=False).first()

    full = documents.render("board-pack", meeting, include_exempt=True)
    text = text_of(full.pdf, tmp_path)
    assert public.title in text
    assert secret.title in text
    assert "NOT FOR PUBLICATION" in text
    assert f"Exempt under paragraph {secret.exempt_paragraph} (" in text
    assert f"Page 1 of {full.pages}" in text

    redacted = documents.render("board-pack", meeting, include_exempt=False)
    text = text_of(redacted.pdf, tmp_path)
    assert public.title in text
    assert secret.title not in text
    assert "NOT FOR PUBLICATION" not in text
    assert "Part 2" not in text


def test_it_reproduces_table_1_in_the_funding_statement(demo, tmp_path):
    scb = Partnership.objects.get(name="Safer Communities Board")
    rendered = documents.render("funding", scb, year=2011)
    text = text_of(rendered.pdf, tmp_path)
    assert "Funding statement 2011/12: Safer Communities Board" in text
    assert "£707,000" in text
    assert "£644,338" in text
    assert "£753 more than the income of £707,000" in text
    assert "Community safety funding, 2010/11 to 2011/12" in text


def test_a_statement_of_one_year_names_it_once(demo, tmp_path):
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    year = Budget.objects.filter(holder=swindon).order_by("year").values_list("year", flat=True)[0]
    text = text_of(documents.render("funding", swindon, year=year).pdf, tmp_path)
    label = f"{year}/{(year + 1) % 100:02d}"
    assert f"Community safety funding, {label} " in text + " "
    assert f"{label} to {label}" not in text


def test_it_writes_the_review_in_the_shape_of_the_wiltshire_report(demo, tmp_path):
    review = Review.objects.get(title__startswith="Partnerships Task Group")
    text = text_of(documents.render("review", review).pdf, tmp_path)
    headings = [
        "1. Purpose",
        "2. Background",
        "3. Membership",
        "4. Evidence",
        "5. Key issues",
        "6. Conclusion",
        "7. Recommendations and responses",
    ]
    positions = [text.rindex(h) for h in headings]
    assert positions == sorted(positions)
    for rec in review.recommendations.filter(withdrawn_at__isnull=True):
        assert f"Recommendation {rec.reference}" in text


def test_a_review_still_in_progress_prints_as_a_draft_without_empty_sections(db, tmp_path):
    review = ReviewFactory(title="Night-time economy review", purpose="To look at nights.")
    for theme, text in [
        ("accountability", "Who holds the partnership to account?"),
        ("efficiency", "Is the money well spent?"),
        ("communities", "Do residents feel safer?"),
    ]:
        ReviewQuestion.objects.create(review=review, theme=theme, text=text)
    rendered = documents.render("review", review)
    text = text_of(rendered.pdf, tmp_path)
    assert text.count("DRAFT") >= rendered.pages and "has not reported yet" in text
    assert "1. Purpose" in text and "3. Membership" in text
    for empty in ("Evidence", "Key issues", "Conclusion", "Recommendations", "Not yet written"):
        assert empty not in text
    # The questions in the order of the themes, not of their names.
    order = [text.index(q) for q in ("money well spent", "residents feel", "holds the")]
    assert order == sorted(order)


@pytest.mark.parametrize("kind", ["governance", "induction", "tracker"])
def test_it_renders_every_other_kind(demo, tmp_path, kind):
    swindon = Partnership.objects.get(name=SWINDON)
    subject = (
        Group.objects.get(partnership=swindon, name="Community Safety Partnership Board")
        if kind == "tracker"
        else swindon
    )
    rendered = documents.render(kind, subject, include_exempt=False)
    text = text_of(rendered.pdf, tmp_path)
    assert rendered.pdf.startswith(b"%PDF")
    assert f"Page {rendered.pages} of {rendered.pages}" in text
    if kind == "governance":
        assert "3. Governance health findings" in text
        assert "Community Safety Partnership Board" in text  # the structure
    if kind == "induction":
        assert "What the partnership expects of its members" in text
    if kind == "tracker":
        assert "Open actions, the earliest due first" in text


def test_it_leaves_exempt_actions_out_of_the_public_tracker(db, board, tmp_path):
    meeting = MeetingFactory(group=board)
    secret = AgendaItemFactory(meeting=meeting, exempt=True, exempt_paragraph=3)
    ActionFactory(group=board, item=secret, description="Chase the confidential contract")
    ActionFactory(group=board, description="Publish the annual report")
    public = text_of(documents.render("tracker", board).pdf, tmp_path)
    assert "Publish the annual report" in public
    assert "Chase the confidential contract" not in public
    full = text_of(documents.render("tracker", board, include_exempt=True).pdf, tmp_path)
    assert "Chase the confidential contract" in full


def test_its_tracker_rows_say_who_when_and_how_it_stands(db, board, tmp_path):
    owner = PersonFactory(
        name="Helen Sampleford", organisation=OrganisationFactory(name="Wiltshire Police")
    )
    late = ActionFactory(group=board, owner=owner, description="Report hate crime by ward")
    late.due = datetime.date(2026, 11, 2)
    late.save()
    ActionUpdate.objects.create(
        action=late, on=datetime.date(2026, 11, 9), text="Asked", status="open"
    )
    ActionFactory(
        group=board, owner=None, description="Agree the protocol", due=datetime.date(2027, 1, 5)
    )
    rendered = documents.render("tracker", board, on=datetime.date(2026, 11, 23))
    text = text_of(rendered.pdf, tmp_path)
    assert "No. Action Owner Due Status" in text
    assert "Report hate crime by ward Helen Sampleford Overdue Open" in text
    assert "Wiltshire Police 2 November 2026 Updated 9 November 2026" in text
    assert "Agree the protocol No owner 5 January 2027 Open" in text
    assert text.count("Overdue") == 1


def _queries(kind, subject):
    with CaptureQueriesContext(connection) as ctx:
        documents.render(kind, subject, include_exempt=True)
    return len(ctx.captured_queries)


def test_its_board_pack_queries_do_not_grow_with_the_records(db, board):
    meeting = MeetingFactory(group=board)
    for _ in range(2):
        AgendaItemFactory(meeting=meeting)
        ActionFactory(group=board, owner=PersonFactory())
    before = _queries("board-pack", meeting)
    for _ in range(10):
        AgendaItemFactory(meeting=meeting)
        ActionFactory(group=board, owner=PersonFactory())
    # the items with their papers (2), the last meeting, its attendance, the open actions
    assert _queries("board-pack", meeting) == before


HEAT_MAP = 'aria-label="Open risks by residual likelihood and impact"'


def test_its_governance_report_draws_the_open_risks_on_a_heat_map(db, partnership, board, tmp_path):
    RiskFactory(partnership=partnership, residual_likelihood=5, residual_impact=4)
    RiskFactory(partnership=partnership, group=board, residual_likelihood=3, residual_impact=4)
    RiskFactory(partnership=partnership, residual_likelihood=2, residual_impact=1)
    RiskFactory(partnership=partnership, closed_on=datetime.date(2026, 1, 5))
    html = documents.prepare("governance", partnership)[0]
    risks = html[html.index('id="risks"') : html.index('id="funding"')]
    assert HEAT_MAP in risks and ">1</text>" in risks
    assert "download" not in risks.lower()  # no links to files in a PDF
    assert "/risks/" not in risks  # nor to the register
    text = text_of(documents.render("governance", partnership).pdf, tmp_path)
    assert "6. Risks" in text and "7. Funding" in text and "8. Scrutiny follow-ups" in text
    assert "3 open risks of the partnership and its groups" in text
    assert "The figures in the heat map" in text
    assert "Very high 1 High 1 Medium 0 Low 1 Total 3" in text


def test_its_governance_report_says_when_there_are_no_open_risks(db, partnership, tmp_path):
    RiskFactory(partnership=partnership, closed_on=datetime.date(2026, 1, 5))
    html = documents.prepare("governance", partnership)[0]
    assert HEAT_MAP not in html
    text = text_of(documents.render("governance", partnership).pdf, tmp_path)
    assert "No open risks are recorded in the risk register" in text
    assert "The figures in the heat map" not in text


def test_its_governance_report_queries_do_not_grow_with_the_risks(db, partnership, board):
    RiskFactory(partnership=partnership)
    before = _queries("governance", partnership)
    for likelihood in range(1, 6):
        RiskFactory(partnership=partnership, group=board, residual_likelihood=likelihood)
    # the open risks are one query, whatever their number, for the heat map and the bands
    assert _queries("governance", partnership) == before


def _collections_while(callback):
    """How many times the cyclic collector ran while callback did its work."""
    runs = []

    def count(phase, info):
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(count)
    try:
        callback()
    finally:
        gc.callbacks.remove(count)
    return len(runs)


def test_it_lays_reports_out_with_the_collector_mostly_out_of_the_way(db, board):
    for _ in range(60):
        ActionFactory(group=board, owner=PersonFactory())
    collector = gc.get_threshold(), gc.get_freeze_count()
    with_defaults = _collections_while(lambda: documents._weasyprint(_tracker_html(board)))
    during = _collections_while(lambda: documents.render("tracker", board))
    # a five-page tracker wakes the default collector dozens of times; the report,
    # a handful at most, the last to clear what it left
    assert with_defaults > 30
    assert during <= 5
    assert (gc.get_threshold(), gc.get_freeze_count()) == collector


def _tracker_html(group):
    return documents.prepare("tracker", group)[0]


def test_it_gives_the_collector_back_when_a_report_fails(db, board, monkeypatch):
    collector = gc.get_threshold(), gc.get_freeze_count()

    def broken(*args, **kwargs):
        assert gc.get_threshold()[0] == documents.REPORT_GC_THRESHOLD
        raise RuntimeError("the template is broken")

    monkeypatch.setattr(documents, "_weasyprint", broken)
    with pytest.raises(RuntimeError):
        documents.render("tracker", board)
    assert (gc.get_threshold(), gc.get_freeze_count()) == collector


def test_it_keeps_the_collector_raised_until_the_last_of_two_reports_ends():
    default = gc.get_threshold()
    with documents.fewer_collections():
        with documents.fewer_collections():
            assert gc.get_threshold()[0] == documents.REPORT_GC_THRESHOLD
        assert gc.get_threshold()[0] == documents.REPORT_GC_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == default
    assert gc.get_freeze_count() == 0
