"""Shifts in a real browser, on a 390x844 phone and a 1366x768 laptop: a week with one gap shows the gap
to the admin and to a member in words and pattern (not colour alone); the member sees nobody else's
name, takes the gap, and the hotline rings them during it and not outside it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from amparo.testing.browser import log_in, page_fits_width, screenshot
from amparo.voice.actions import set_duty
from amparo.voice.duty import on_duty
from amparo.volunteers import shifts
from amparo.volunteers.models import Shift, ShiftKind
from conftest import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(autouse=True)
def public_url(settings, live_server):
    settings.AMPARO_PUBLIC_URL = live_server.url
    cache.clear()


def gap_is_marked_without_colour(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    entry = page.locator(selector)
    assert re.search(r"\b(GAP|OPEN)\b", entry.inner_text())  # a word
    style = entry.evaluate("e => { const s = getComputedStyle(e); return [s.backgroundImage, s.borderStyle]; }")
    assert "repeating-linear-gradient" in style[0] and "dashed" in style[1]  # a pattern and a line


def test_a_member_takes_the_gap_and_is_rung_during_it(browser, live_server, north, dispatcher, admin_user):
    dispatcher.display_name = "Dana Dispatcher"
    dispatcher.save(update_fields=["display_name"])
    monday = shifts.week_monday(north, timezone.now()) + timedelta(days=7)
    shifts.ensure_desk_blocks(north, monday)
    blocks = list(Shift.objects.filter(organization=north, kind=ShiftKind.DESK).order_by("starts_at"))
    gap = blocks[8]  # Tuesday 08:00-12:00
    for b in blocks:
        if b != gap:
            shifts.take_shift(b, dispatcher)
    mia = make_member(north, "mia@north.test", "dispatcher")
    set_duty(north, mia, on_duty=False, phone="+13105550177", schedule=[])
    week = f"?week={monday.isoformat()}"

    # The admin's board on a laptop and a phone: the gap in words and pattern, the holders by name.
    laptop = browser.new_context(viewport=LAPTOP)
    admin = laptop.new_page()
    log_in(admin, live_server, admin_user, next_url=f"/volunteers/shifts/week/{week}")
    assert admin.get_by_text("Dana Dispatcher").first.is_visible()
    gap_is_marked_without_colour(admin, f"#block-{gap.pk}")
    assert "No dispatcher" in admin.locator(f"#block-{gap.pk}").inner_text()
    assert "1 gap" in admin.locator("#desk-coverage").inner_text()
    screenshot(admin, "shifts-board-laptop")
    admin.set_viewport_size(PHONE)
    admin.reload()
    assert page_fits_width(admin)
    screenshot(admin, "shifts-board-390")

    # The member on a phone: their own (none yet) and the open places; nobody's name.
    phone = browser.new_context(viewport=PHONE, is_mobile=True)
    page = phone.new_page()
    log_in(page, live_server, mia, next_url=f"/volunteers/shifts/{week}")
    text = page.locator("main").inner_text()
    assert "Dana" not in text and "dispatcher@north.test" not in text
    gap_is_marked_without_colour(page, f"#open-{gap.pk}")
    assert page.locator("li.shift.gap").count() == 1  # the one gap of the week, nothing held shown
    assert page_fits_width(page)
    screenshot(page, "shifts-member-gap-390")

    page.locator(f"#open-{gap.pk} button", has_text="Take this shift").click()
    page.wait_for_url(re.compile(r".*/volunteers/shifts/\?week="))
    assert "The shift is yours" in page.locator("main").inner_text()
    assert page.locator(f"#open-{gap.pk}").count() == 0
    assert "Drop this shift" in page.locator("#my-shifts").inner_text()
    assert "Dana" not in page.locator("main").inner_text()
    screenshot(page, "shifts-member-taken-390")

    # The hotline rings her during the block, with the toggle off; not outside it.
    assert mia in [s.user for s in on_duty(north, gap.starts_at + timedelta(minutes=5))]
    assert mia not in [s.user for s in on_duty(north, gap.ends_at + timedelta(minutes=5))]

    admin.reload()
    assert "Mia" in admin.locator(f"#block-{gap.pk}").inner_text() or "mia@north.test" in admin.locator(
        f"#block-{gap.pk}").inner_text()
    assert "GAP" not in admin.locator(f"#block-{gap.pk}").inner_text()
    laptop.close()
    phone.close()
