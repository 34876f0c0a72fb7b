"""The calendar's palette and type scale: calm CMYK colours, each well under the ink limit."""

from __future__ import annotations

from calendar_builder.core.model import CMYK

BLACK = CMYK(0, 0, 0, 100)  # text black: one ink, no registration trouble
RICH_BLACK = CMYK(60, 40, 40, 100)  # large dark areas only (240 % ink)
WHITE = CMYK(0, 0, 0, 0)
GREY_DARK = CMYK(0, 0, 0, 75)
GREY = CMYK(0, 0, 0, 55)
GREY_LIGHT = CMYK(0, 0, 0, 22)
RED = CMYK(0, 85, 75, 8)  # Sundays and public holidays
SUNDAY_TINT = CMYK(0, 7, 14, 0)
HOLIDAY_TINT = CMYK(0, 14, 18, 0)
PANEL_TINT = CMYK(4, 3, 10, 0)
#: the school holiday band along the top of a day cell and under the days of the year overview
SCHOOL_HOLIDAY = CMYK(65, 0, 25, 0)
#: the organisations' events: text, marker and span bars (a slate blue no tradition uses for text)
EVENT = CMYK(80, 50, 15, 30)

#: The type scale (docs/design.md): one size per role on every month page, never shrunk per cell.
DAY_NUMBER_SIZE = 24.0
#: festival names in a day cell; the third and later festival of a crowded day use the secondary size
FESTIVAL_SIZE = 9.0
FESTIVAL_SECONDARY_SIZE = 8.0
#: one-off events (time, organisation, title) in a day cell, and the "+N" reference to the month list
EVENT_SIZE = 7.5
#: the strip below the grid: festivals with their explanations, then "Weitere Termine im <Monat>"
STRIP_SIZE = 8.0
#: the key line, weekday heads, week numbers, the organisation box's body
NOTE_SIZE = 7.5
#: imprint and credits: only on the back page
FINE_PRINT_SIZE = 6.0
#: the directory of organisations on the back page may go down to this size before its series lines move out
BACK_MIN_SIZE = 7.0
#: Kept for the organisation box, which fits between its largest size and this one.
MIN_ENTRY_SIZE = 7.5
MAX_ENTRY_SIZE = FESTIVAL_SIZE
#: A festival name may wrap to this many lines in a day cell; a longer one is a build error.
MAX_NAME_LINES = 3
#: Text below this size is set in one ink at full strength (see `text_ink`).
ONE_INK_BELOW = 12.0

#: Per month: five colours (dark ink, mid, light, accent, second accent) for the generated artwork and the titles.
PALETTES: tuple[tuple[CMYK, ...], ...] = (
    (CMYK(100, 75, 25, 20), CMYK(60, 35, 10, 0), CMYK(20, 6, 5, 0), CMYK(5, 15, 35, 0), CMYK(0, 55, 50, 0)),
    (CMYK(55, 85, 20, 10), CMYK(5, 40, 15, 0), CMYK(0, 15, 10, 0), CMYK(75, 20, 40, 5), CMYK(3, 8, 20, 0)),
    (CMYK(80, 30, 90, 15), CMYK(55, 5, 70, 0), CMYK(20, 0, 30, 0), CMYK(0, 15, 85, 0), CMYK(45, 5, 10, 0)),
    (CMYK(85, 25, 45, 10), CMYK(30, 40, 0, 0), CMYK(10, 10, 0, 0), CMYK(50, 0, 60, 0), CMYK(0, 35, 45, 0)),
    (CMYK(85, 40, 70, 30), CMYK(0, 50, 20, 0), CMYK(5, 20, 10, 0), CMYK(0, 25, 80, 0), CMYK(65, 10, 75, 5)),
    (CMYK(85, 30, 20, 5), CMYK(0, 30, 90, 0), CMYK(5, 12, 30, 0), CMYK(0, 60, 55, 0), CMYK(40, 0, 10, 0)),
    (CMYK(95, 70, 20, 10), CMYK(0, 85, 80, 5), CMYK(0, 8, 25, 0), CMYK(0, 50, 90, 0), CMYK(0, 10, 70, 0)),
    (CMYK(10, 70, 80, 15), CMYK(10, 40, 90, 5), CMYK(5, 15, 35, 0), CMYK(40, 30, 90, 20), CMYK(35, 5, 5, 0)),
    (CMYK(20, 90, 60, 20), CMYK(0, 55, 90, 0), CMYK(3, 10, 25, 0), CMYK(10, 25, 95, 5), CMYK(80, 30, 45, 15)),
    (CMYK(30, 60, 80, 40), CMYK(10, 75, 95, 15), CMYK(5, 15, 30, 0), CMYK(5, 30, 90, 0), CMYK(80, 35, 85, 30)),
    (CMYK(90, 45, 50, 35), CMYK(45, 25, 20, 5), CMYK(15, 10, 10, 0), CMYK(15, 55, 70, 5), CMYK(5, 8, 18, 0)),
    (CMYK(15, 95, 80, 25), CMYK(90, 40, 80, 35), CMYK(8, 5, 5, 0), CMYK(10, 25, 80, 5), CMYK(95, 80, 35, 35)),
)


#: No text on a month page below this size (readable at arm's length); fine print is only on the back page.
MIN_TEXT_SIZE = 7.5


def pt(size: float, scale: float) -> float:
    """A type size designed for A3, scaled to the format but never below the minimum."""
    return max(MIN_TEXT_SIZE, size * scale)


def ink(colour: CMYK) -> float:
    """Total area coverage of a colour in percent."""
    return colour.c + colour.m + colour.y + colour.k


def is_one_ink(colour: CMYK) -> bool:
    """One process colour at full strength and no other: prints sharp however the plates register."""
    values = (colour.c, colour.m, colour.y, colour.k)
    return sum(1 for v in values if v) == 1 and max(values) == 100


def text_ink(colour: CMYK, size: float) -> CMYK:
    """The colour small text is set in: below ONE_INK_BELOW points a colour of several inks, or a tint, becomes
    100 % K (a fringe of misregistered plates, or a screen, makes small type fuzzy). Large display type keeps its
    colour; paper white (knocked out) stays white."""
    if size >= ONE_INK_BELOW or is_one_ink(colour) or colour == WHITE:
        return colour
    return BLACK
