"""The wall's other faces at a day's volume, in Debian's Chromium: the way in, the word cloud and the network.

Read as from the back row: the QR codes decode from a screenshot made smaller and blurred, and every word or
label stands at least 2.2% of the screen high, apart from the others, inside its place. The kiosks are the ones
``test_wall_day.py`` reads (``kiosks`` in ``conftest.py``).
"""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image, ImageFilter
from playwright.sync_api import expect

from tests.harness.server import KioskProcess
from tests.harness.wall import settle


def qr_codes(page, scale: float) -> list[str]:
    """Decode the QR codes of a screenshot made smaller and a little blurred, as a phone at the back sees it."""
    shot = Image.open(io.BytesIO(page.screenshot()))
    far = shot.resize((round(shot.width * scale), round(shot.height * scale)), Image.BILINEAR)
    return [found.text for found in zxingcpp.read_barcodes(far.filter(ImageFilter.GaussianBlur(0.8)))]


def test_the_way_in_reads_from_the_back_row_qr_a_quarter_high_and_the_address_on_one_line(tmp_path, kiosks, wall):
    empty = KioskProcess(tmp_path / "empty", args=("--wifi-ssid", "Markt-Kiosk", "--wifi-password", "groenebuurt")
                         ).start()
    try:
        page = wall(empty.url, "720p", ready="#empty")
        heights = page.evaluate("[...document.querySelectorAll('.join__code img')].map((i) => i.clientHeight)")
        assert len(heights) == 2 and min(heights) >= 720 / 4
        lines = page.evaluate("[...document.querySelectorAll('.join__line')].map((l) => [l.textContent,"
                              " l.getClientRects().length, l.scrollWidth <= l.clientWidth + 1,"
                              " parseFloat(getComputedStyle(l).fontSize)])")
        assert [line[0] for line in lines] == ["Markt-Kiosk", "groenebuurt", empty.url.removeprefix("http://")]
        assert all(rects == 1 and fits and size >= 0.022 * 720 for _, rects, fits, size in lines), lines
    finally:
        empty.stop()
    full = wall(kiosks(40).url, "720p")
    assert full.evaluate("document.querySelector('.join__code img').clientHeight") >= 720 / 4
    expect(full.locator(".join__code img")).to_have_js_property("complete", True)
    assert kiosks(40).url + "/" in qr_codes(full, 0.5)


# Every word or label on the stage: its box on screen and its type size.
LABELS = """() => {
  const network = document.querySelector('#stage .network');
  if (network && network.cy) {
    const cy = network.cy;
    return cy.nodes().map((node) => {
      const box = node.renderedBoundingBox({includeLabels: true, includeOverlays: false});
      const offset = network.getBoundingClientRect();
      return {text: node.data('code') || node.data('label'), size: parseFloat(node.style('font-size')) * cy.zoom(),
              left: box.x1 + offset.left, top: box.y1 + offset.top,
              right: box.x2 + offset.left, bottom: box.y2 + offset.top};
    });
  }
  return Array.from(document.querySelectorAll('#stage .cloud span'), (span) => {
    const box = span.getBoundingClientRect();
    return {text: span.textContent, size: parseFloat(getComputedStyle(span).fontSize),
            left: box.left, top: box.top, right: box.right, bottom: box.bottom};
  });
}"""


def assert_readable_apart_and_on_stage(page, labels: list[dict]) -> None:
    # Inside the cloud's or the network's own place: not under the pins' row, not clipped at its edge.
    stage = page.evaluate("(() => { const r = document.querySelector('#stage .cloud, #stage .network')"
                          ".getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()")
    smallest = 0.022 * page.viewport_size["height"]
    for label in labels:
        assert label["size"] >= smallest - 0.05, label
        assert stage[0] - 1 <= label["left"] and label["right"] <= stage[2] + 1, label
        assert stage[1] - 1 <= label["top"] and label["bottom"] <= stage[3] + 1, label
    for number, one in enumerate(labels):
        for other in labels[number + 1:]:
            apart = (one["right"] <= other["left"] + 0.5 or other["right"] <= one["left"] + 0.5
                     or one["bottom"] <= other["top"] + 0.5 or other["bottom"] <= one["top"] + 0.5)
            assert apart, (one, other)


@pytest.mark.parametrize("count,size,pinned", [(40, "1080p", 0), (40, "720p", 2), (200, "1080p", 0), (200, "720p", 2)])
def test_the_word_cloud_fills_its_place_beside_the_pins_with_words_that_mean_something(kiosks, wall, count, size,
                                                                                        pinned):
    kiosk = kiosks(count)
    pins = [kiosk.items[n]["id"] for n in (3, 30)][:pinned]
    try:
        for pin in pins:
            assert kiosk.room.moderate(pin, "pin").status_code == 200
        kiosk.room.layout(mode="cloud", hidden_words=["kerkdienst"])
        # The pins' row may come after the cloud was drawn: it is drawn again in the room the row leaves.
        page = wall(kiosk.url, size, ready="#stage .cloud span", slow_state=True)
        expect(page.locator("#stage .slots--pins .card")).to_have_count(pinned)
        page.clock.run_for(500)
        settle(page)
        labels = page.evaluate(LABELS)
        assert_readable_apart_and_on_stage(page, labels)  # no word clipped, also below the pins
        words = [label["text"] for label in labels]
        assert not {"per", "jaar", "keer", "elke", "mee", "gerust", "het", "kerkdienst"} & set(words)
        assert any(" " in word for word in words), "two-word phrases count"
        sizes = [label["size"] for label in labels]
        assert max(sizes) >= 3.9 * min(sizes)
        filled = page.evaluate("(() => { const c = document.querySelector('#stage .cloud');"
                               " const s = [...c.children].map(e => e.getBoundingClientRect());"
                               " const high = Math.max(...s.map(r => r.bottom)) - Math.min(...s.map(r => r.top));"
                               " return high / c.clientHeight; })()")
        assert filled > 0.85
    finally:
        for pin in pins:
            kiosk.room.moderate(pin, "unpin")
        kiosk.room.layout(mode="grid", hidden_words=[])


@pytest.mark.parametrize("count", [6, 40, 200])
def test_the_network_draws_every_contribution_as_a_labelled_tile_readable_from_the_back(kiosks, wall, count):
    kiosk = kiosks(count)
    kiosk.room.layout(mode="network")
    page = wall(kiosk.url, "720p", ready="body[data-network='drawn']")
    labels = page.evaluate(LABELS)
    codes = {label["text"] for label in labels if re.fullmatch(r"K\d+", label["text"])}
    assert len(codes) == min(len(kiosk.texts), 160)  # the newest 160: more is a clump from the back
    assert_readable_apart_and_on_stage(page, labels)
    extent = page.evaluate("(() => { const n = document.querySelector('#stage .network');"
                           " const b = n.cy.elements().renderedBoundingBox();"
                           " return [b.w / n.clientWidth, b.h / n.clientHeight]; })()")
    assert extent[0] > 0.85 or count < 10, extent  # the stage's width (but a margin), unless a few tiles reach full size
    # Lines run below the tiles and end at a tag's label, which stands on the stage's colour: none through a word.
    backing = page.evaluate("(() => { const cy = document.querySelector('#stage .network').cy;"
                            " return cy.nodes('[type = \"tag\"]').map((n) => [n.style('text-background-opacity'),"
                            " n.style('text-background-color')]); })()")
    assert all(opacity == "1" for opacity, _ in backing), backing
    legend = page.locator("#stage .legend li")  # what the shapes and lines say, in words
    expect(legend).to_have_text(["Verhaal", "Voorbeeld", "Idee", "Initiatief", "bouwt voort op", "nog een gedeelde tag"])
    assert min(legend.evaluate_all("(items) => items.map((item) => parseFloat(getComputedStyle(item).fontSize))")) \
        >= 0.022 * 720 - 0.05
    kiosk.room.layout(mode="grid")
