"""What an outside review at 360 px found in the layout (the words are tested in tests/web/test_review_360_*.py).

The main menu of a coordinator holds seven items; at a phone's width they wrap. Each item keeps its words
on one line ("Toestemming op papier", not "Toestemming / op papier") and stands apart from its
neighbours, so the wrapped menu does not read as one run of words.

On the coordinator's case page a step's rules sit inside the step inside a card; beside each rule's
chip some 210 px were left, and long Dutch words ("tandartsverzekering", "basisverzekering") were cut
in two. On a phone the chip stands above the rule's words, and no word of a rule is split."""

from itertools import pairwise

import pytest

from tests.browser.conftest import skip_without_chromium
from tests.browser.test_walkthrough import Walk

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 360, "height": 780}

# Per menu link: how many line boxes it has, and its box.
MENU_BOXES = """() => [...document.querySelectorAll('.site-nav > a')].map(a => {
  const r = a.getBoundingClientRect();
  return {text: a.innerText, lines: a.getClientRects().length, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
})"""

# The words of 6 letters or more inside `selector` whose letters stand on more than one line.
SPLIT_WORDS = """selector => {
  const out = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const re = /[^\\s\\u00a0\\-\\/]{6,}/g;
      let m;
      while ((m = re.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  }
  return out;
}"""


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db):
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    yield Walk(context.new_page(), live_server.url, artifacts)
    context.close()


def test_the_coordinators_menu_wraps_item_by_item_at_360_px(walk, cast):
    walk.log_in("coordinator")
    boxes = walk.page.evaluate(MENU_BOXES)

    assert len(boxes) >= 6, boxes
    assert [box["text"] for box in boxes if box["lines"] != 1] == []
    rows = sorted({round(box["top"]) for box in boxes})
    assert len(rows) > 1, "the menu no longer wraps at 360 px; this test no longer looks at anything"
    for left, right in pairwise(boxes):
        if round(left["top"]) == round(right["top"]):  # side by side: a gap of at least 8 px
            assert right["left"] - left["right"] >= 8, (left["text"], right["text"])
    assert all(box["right"] <= PHONE["width"] for box in boxes), boxes


def test_no_word_of_a_rule_is_split_on_the_coordinators_case_page_at_360_px(walk, cast, submit):
    case = submit()
    walk.log_in("coordinator")
    walk.open_case(case)
    walk.page.evaluate("() => document.querySelectorAll('main details').forEach(d => d.open = true)")

    assert walk.page.locator("main .rule").count() >= 2
    assert walk.page.evaluate(SPLIT_WORDS, "main .rule") == []
