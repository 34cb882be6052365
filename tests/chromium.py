"""Opening an HTML file in headless Chromium (Debian's ``chromium``, which ``.ci/run`` installs;
the calls are pipelines/report/screenshot.py's): the DOM after loading, a screenshot, and what in
them shows that the charts rendered."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from pipelines.report import screenshot as browser

WINDOW = (1280, 5200)

requires_chromium = pytest.mark.skipif(
    browser.chromium() is None,
    reason="Debian's `chromium` is not installed here (CI's .ci/run installs it: "
    "apt-get install chromium)",
)


def dump_dom(page: Path, profile: Path) -> str:
    return browser.run_chromium(profile, "--dump-dom", page.as_uri())


def screenshot(page: Path, png: Path, profile: Path) -> np.ndarray:
    """The first WINDOW pixels of the page as RGB(A) floats 0..1."""
    return browser.screenshot(page, png, profile, WINDOW)


class _Charts(HTMLParser):
    """Per ``<svg>`` (outermost) and ``<canvas>``: how many elements it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.svg_children: list[int] = []
        self.canvases = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if self._depth:
            self.svg_children[-1] += 1
        if tag == "svg":
            if not self._depth:
                self.svg_children.append(0)
            self._depth += 1
        elif tag == "canvas":
            self.canvases += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self._depth:
            self._depth -= 1


def svg_charts(dom: str) -> list[int]:
    """The number of elements inside each top-level ``<svg>`` of the DOM."""
    parser = _Charts()
    parser.feed(dom)
    return parser.svg_children


def share_of_colour(pixels: np.ndarray, hex_colour: str, tolerance: float = 0.04) -> float:
    """The share of the screenshot's pixels within ``tolerance`` of ``hex_colour``."""
    rgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    close = np.all(np.abs(pixels[..., :3] - rgb) <= tolerance, axis=-1)
    return float(close.mean())
