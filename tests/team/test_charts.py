"""Geometry and text alternative of the server-drawn bar charts."""

from cohorte.calls.charts import BAR_HEIGHT, VALUE_GUTTER, WIDTH, bar_chart, summarise


def test_bars_are_proportional_to_the_largest_value():
    chart = bar_chart([("déposée", (10,)), ("retirée", (5,)), ("brouillon", (0,))], ["Nombre"])
    widths = [row.bars[0].width for row in chart.rows]
    assert widths == [WIDTH - VALUE_GUTTER, (WIDTH - VALUE_GUTTER) / 2, 0]
    assert chart.legend == ()
    tops = [row.bars[0].y for row in chart.rows]
    assert tops == sorted(tops) and len(set(tops)) == 3  # one below the other
    assert chart.height > tops[-1] + BAR_HEIGHT


def test_two_series_have_a_legend_and_two_bars_per_row():
    chart = bar_chart([("Défi A", (3, 7))], ["1er choix", "tous rangs"])
    assert [item.label for item in chart.legend] == ["1er choix", "tous rangs"]
    first, second = chart.rows[0].bars
    assert (first.series, second.series) == (0, 1)
    assert second.y > first.y
    assert second.width == WIDTH - VALUE_GUTTER


def test_all_zero_and_empty_charts_do_not_divide_by_zero():
    assert bar_chart([("a", (0,))], ["n"]).rows[0].bars[0].width == 0
    empty = bar_chart([], ["n"])
    assert empty.rows == () and empty.height >= 1


def test_long_labels_are_shortened_but_kept_whole_for_assistive_technologies():
    label = "Un défi au titre très long " * 6
    row = bar_chart([(label, (1,))], ["n"]).rows[0]
    assert row.label == label
    assert len(row.short_label) <= 90 and row.short_label.endswith("…")


def test_summary_reads_every_value():
    assert summarise([("A", (1, 2)), ("B", (0, 4))], ["premier", "tous"]) == (
        "A : premier 1, tous 2 ; B : premier 0, tous 4"
    )
    assert summarise([("femme", (3,))], ["n"]) == "femme : 3"
