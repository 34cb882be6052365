"""The docs screenshot's own arithmetic: which weeks the weekly job builds before it, and the
crop of the empty window below the report."""

import datetime as dt

import numpy as np

from pipelines.report.screenshot import crop_trailing_background, last_weeks


def test_last_weeks_are_whole_iso_weeks_ending_on_or_before_the_delivery():
    # The demo's delivery: Sunday 2026-11-01; its week (26 Oct - 1 Nov) is whole.
    assert last_weeks(dt.date(2026, 11, 1), 3) == ["2026-10-12", "2026-10-19", "2026-10-26"]
    # A Saturday delivery: its own week is not over, so the week before is the last.
    assert last_weeks(dt.date(2026, 10, 31), 2) == ["2026-10-12", "2026-10-19"]
    # A Monday delivery: the week that ended the day before.
    assert last_weeks(dt.date(2026, 11, 2), 1) == ["2026-10-26"]


def test_crop_keeps_the_content_and_a_margin_of_background():
    page = np.ones((100, 10, 3))
    page[30:41, 2:5] = 0.2  # the last content row is 40
    assert crop_trailing_background(page, margin=5).shape == (46, 10, 3)
    # A page that fills the window is not cut.
    page[99, 3] = 0.5
    assert crop_trailing_background(page, margin=5).shape == (100, 10, 3)
