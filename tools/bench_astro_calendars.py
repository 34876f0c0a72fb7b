"""Time converting every Gregorian year 1900–2100 in the astronomy-based calendars (fresh process).

Run: python tools/bench_astro_calendars.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calendar_builder.calendars import bahai, days_in_gregorian_year  # noqa: E402
from calendar_builder.calendars.hijri import diyanet_table, hijri_calendar  # noqa: E402
from calendar_builder.calendars.persian import PERSIAN  # noqa: E402


def main() -> None:
    t0 = time.perf_counter()
    diyanet_table()
    bahai.published_dates()
    t1 = time.perf_counter()
    diyanet = hijri_calendar("diyanet")
    umm_al_qura = hijri_calendar("umm-al-qura")
    count = 0
    for year in range(1900, 2101):
        for month in ("muharram", "ramadan", "shawwal", "dhu-al-hijjah"):
            count += len(days_in_gregorian_year(diyanet, month, 1, year))
            if 1946 <= year <= 2076:  # years the Umm al-Qura calendar covers in full
                count += len(days_in_gregorian_year(umm_al_qura, month, 1, year))
        count += len(days_in_gregorian_year(PERSIAN, "farvardin", 1, year))
        count += len(days_in_gregorian_year(bahai.BAHAI, "baha", 1, year))
        count += len(days_in_gregorian_year(bahai.BAHAI, "ayyam-i-ha", 1, year))
        count += len(bahai.twin_holy_birthdays(year))
    t2 = time.perf_counter()
    loaded, converted = 1000 * (t1 - t0), 1000 * (t2 - t1)
    print(f"tables loaded in {loaded:.1f} ms; {count} dates for 1900-2100 in {converted:.1f} ms")


if __name__ == "__main__":
    main()
