"""Long tables sized to content (#16): the same open answer quoted once with how many gave it,
quotes capped like tables; a cell listing many areas of expertise shows the first few and a
count; the Typst layout keeps a table's title with its table."""

from __future__ import annotations

from copkit.indicators.model import Indicator, Table
from copkit.model.load import load_cop
from copkit.output.audience import Audience
from copkit.output.report import CELL_ITEMS, TABLE_LIMIT, _indicator
from copkit.output.report_i18n import Speaker
from tests.conftest import ROOT, report_context

COP = load_cop(ROOT / "examples" / "led-units").cop


def shown(i: Indicator, lang: str = "en") -> dict[str, object]:
    return _indicator(i, Audience(COP, "members"), Speaker(lang))


def test_the_same_answer_is_quoted_once_and_counted() -> None:
    i = Indicator("E3", "Capacity", "answers", "evaluation",
                  quotes=["We plan together.", "Radios.", "We plan together.",
                          "We plan together.", "Radios.", "Maps."])
    out = shown(i)
    assert out["quotes"] == ["We plan together.", "Radios.", "Maps."]
    assert out["quotes_times"] == [3, 2, 1] and out["quotes_more"] == 0


def test_quotes_are_capped_like_tables() -> None:
    i = Indicator("E3", "Capacity", "answers", "evaluation",
                  quotes=[f"answer {n}" for n in range(TABLE_LIMIT + 7)] * 2)
    out = shown(i)
    assert out["quotes"] == [f"answer {n}" for n in range(TABLE_LIMIT)]
    assert out["quotes_times"] == [2] * TABLE_LIMIT and out["quotes_more"] == 7


def test_a_long_list_in_a_cell_shows_its_first_items_and_a_count() -> None:
    many = ", ".join(f"area {n}" for n in range(CELL_ITEMS + 5))
    few = ", ".join(f"area {n}" for n in range(CELL_ITEMS + 1))
    table = Table("Contributions by organisation",
                  ["organisation", "members", "expertise"],
                  [["Org A", "3", many], ["Org B", "1", few], ["Org C", "1", "fire, maps"]])
    i = Indicator("E5", "Benefits", "what members bring", "evaluation", tables=[table])
    rows = shown(i)["tables"][0]["rows"]  # type: ignore[index]
    first = ", ".join(f"area {n}" for n in range(CELL_ITEMS))
    assert rows[0] == ["Org A", "3", f"{first} and 5 more"]
    assert rows[1] == ["Org B", "1", few]  # one more item than the cap: shown whole
    assert rows[2] == ["Org C", "1", "fire, maps"]
    assert shown(i, "es")["tables"][0]["rows"][0][2] == f"{first} y 5 más"  # type: ignore[index]
    # an expertise table's own first column is never cut
    own = Table("Expertise members bring", ["expertise", "members"], [[many, "2"]])
    j = Indicator("E5", "Benefits", "what members bring", "evaluation", tables=[own])
    assert shown(j)["tables"][0]["rows"][0][0] == many  # type: ignore[index]


def test_repeated_answers_and_the_rest_are_written_in_each_format() -> None:

    from copkit.output.render import render

    context = report_context(COP, lang="fr")
    e3 = next(i for lv in context["levels"] for i in lv["indicators"] if i["id"] == "E3")
    e3.update(quotes=["Nous planifions ensemble.", "Radios."], quotes_times=[3, 1],
              quotes_more=2)
    md = render(None, "report", "md", context)
    assert "> “Nous planifions ensemble.” (×3)\n" in md and "> “Radios.”\n" in md
    assert "*… et 2 autres réponses.*" in md
    typ = render(None, "report", "typ", context)
    assert "(×3)" in typ.replace("\\", "")
    # an indicator's heading is kept with its definition, and the definition with its table:
    # never a heading and one line at a page's foot
    heading = typ.index("=== E3.")
    assert typ[heading:].split("\n")[2].startswith("#block(sticky: true, breakable: false,")


def test_typst_tables_are_sized_to_their_content() -> None:

    from copkit.output.render import render

    context = report_context(COP)
    typ = render(None, "report", "typ", context)
    # a short table: its columns sized to content (a number of auto columns, never stretched)
    at = typ.index("[By country]")
    assert "table(columns: 2, align: left," in typ[at:at + 200]
    # the contributions by organisation: short columns auto (a header of two words over figures
    # may wrap), the long ones share the rest by their cells' mean length: expertise the widest
    at = typ.index("[Contributions by organisation]")
    columns = typ[at:at + 300].split("table(columns: ", 1)[1].split(", align:")[0]
    assert columns == "(35fr, auto, 7.5em, auto, 60fr,)"
    # the members table alike, in 9 points: names kept on one line, not seven equal columns
    at = typ.index("=== Members whose observed level differs from the declared one")
    assert "#[#set text(size: 9pt)\n#table(columns: (auto, 34fr, auto, auto, 5.3em, auto, auto,)," \
        " align: left," in typ[at:at + 300]
    # "no data" and a reason wider than the column's header: the reason as a footnote
    assert "[capacity change], [#nodata[no data]#footnote[no earlier survey asks a rated " \
        "capacity question to compare with]]," in typ
    # and a reason as wide as the header on a second line, small
    m1 = context["levels"][0]["indicators"][0]
    m1["figures"][0].update(has_data=False, reason="not in the git history")
    # a field named in the scorecard may break after its underscores, not run out of its cell
    context["health"][0]["suggestion"] = "record it (time_commitment_hours_per_month)"
    typ = render(None, "report", "typ", context)
    assert "[#missing([no data], [not in the git history])]" in typ
    field = "\\_\u200b".join(["time", "commitment", "hours", "per", "month"])
    assert f"[record it \\({field}\\)]," in typ
    # the level's question and the health scorecard's introduction stay with what follows
    assert "#block(sticky: true)[_Are the planned activities happening\\?_]" in typ
