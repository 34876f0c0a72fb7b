"""Real festival names, one or more per script the calendar prints, with what shaping must show.

`segments` is the independent expectation of which shipped font draws which part of the name, in
drawing (left-to-right) order; `phenomenon` names what unshaped text would get wrong.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    key: str  # file name of the reference image
    script: str
    text: str
    font: str  # the font file expected to draw it (when one font draws the whole name)
    lang: str | None = None
    segments: tuple[tuple[str, str], ...] = ()
    #: "joined-rtl": Arabic joining + right-to-left; "rtl": right-to-left only;
    #: "complex": glyph substitution/reordering (conjuncts, vowel signs); "plain": one glyph per character
    phenomenon: str = "plain"
    style: str = "sans"

    def expected_segments(self) -> tuple[tuple[str, str], ...]:
        return self.segments or ((self.font, self.text),)


SAMPLES: tuple[Sample, ...] = (
    Sample("latn-kurmanji", "Latin (Kurdish Kurmanji)", "Çarşema Sor", "NotoSans-Regular.ttf"),
    Sample("latn-turkish", "Latin (Turkish)", "Kurban Bayramı", "NotoSans-Regular.ttf"),
    Sample("latn-polish", "Latin (Polish)", "Boże Narodzenie", "NotoSans-Regular.ttf"),
    Sample("latn-vietnamese", "Latin (Vietnamese)", "Tết Nguyên Đán", "NotoSans-Regular.ttf"),
    Sample("latn-bold", "Latin bold (Turkish)", "Ramazan Bayramı", "NotoSans-Bold.ttf", style="bold"),
    Sample("grek", "Greek", "Πάσχα", "NotoSans-Regular.ttf"),
    Sample("cyrl", "Cyrillic", "Пасха", "NotoSans-Regular.ttf"),
    Sample("armn", "Armenian", "Սուրբ Ծնունդ", "NotoSansArmenian-Regular.ttf"),
    Sample("geor", "Georgian", "აღდგომა", "NotoSansGeorgian-Regular.ttf"),
    Sample("arab-arabic", "Arabic", "عيد الفطر", "NotoSansArabic-Regular.ttf", "ar", phenomenon="joined-rtl"),
    Sample(
        "arab-persian",
        "Arabic script (Persian)",
        "نوروز",
        "NotoSansArabic-Regular.ttf",
        "fa",
        phenomenon="joined-rtl",
    ),
    Sample(
        "arab-urdu",
        "Arabic script (Urdu)",
        "عید میلاد النبی",
        "NotoSansArabic-Regular.ttf",
        "ur",
        phenomenon="joined-rtl",
    ),
    Sample(
        "arab-sorani",
        "Arabic script (Kurdish Sorani)",
        "جەژنی نەورۆز",
        "NotoSansArabic-Regular.ttf",
        "ckb",
        phenomenon="joined-rtl",
    ),
    Sample(
        "arab-bold",
        "Arabic bold",
        "عيد الأضحى",
        "NotoSansArabic-Bold.ttf",
        "ar",
        phenomenon="joined-rtl",
        style="bold",
    ),
    Sample("hebr", "Hebrew", "ראש השנה", "NotoSansHebrew-Regular.ttf", "he", phenomenon="rtl"),
    Sample("deva", "Devanagari", "दीपावली", "NotoSansDevanagari-Regular.ttf", "hi", phenomenon="complex"),
    Sample(
        "deva-conjunct",
        "Devanagari (conjuncts)",
        "श्रीकृष्ण जन्माष्टमी",
        "NotoSansDevanagari-Regular.ttf",
        "hi",
        phenomenon="complex",
    ),
    Sample("guru", "Gurmukhi", "ਵਿਸਾਖੀ", "NotoSansGurmukhi-Regular.ttf", "pa", phenomenon="complex"),
    Sample("beng", "Bengali", "পহেলা বৈশাখ", "NotoSansBengali-Regular.ttf", "bn", phenomenon="complex"),
    Sample("taml", "Tamil", "பொங்கல்", "NotoSansTamil-Regular.ttf", "ta", phenomenon="complex"),
    Sample("sinh", "Sinhala", "අලුත් අවුරුද්ද", "NotoSansSinhala-Regular.ttf", "si", phenomenon="complex"),
    Sample("thai", "Thai", "สงกรานต์", "NotoSansThai-Regular.ttf", "th"),
    Sample("ethi", "Ethiopic", "እንቁጣጣሽ", "NotoSansEthiopic-Regular.ttf", "am"),
    Sample("hans", "Chinese (Simplified)", "春节", "DroidSansFallbackFull.ttf", "zh-Hans"),
    Sample("hant", "Chinese (Traditional)", "農曆新年", "DroidSansFallbackFull.ttf", "zh-Hant"),
    Sample("hang", "Korean", "설날", "NanumGothic.ttf", "ko"),
    Sample(
        "symbols",
        "tradition markers",
        "✝☦✡☪☸☬ॐ☯",
        "",
        segments=(
            ("NotoSansSymbols-Regular.ttf", "✝☦✡☪☸☬"),
            ("NotoSansDevanagari-Regular.ttf", "ॐ"),
            ("NotoSansSymbols-Regular.ttf", "☯"),
        ),
    ),
    Sample("symbols-om", "tradition marker outside the BMP", "🕉", "NotoSansSymbols-Regular.ttf"),
    Sample(
        "mixed-deva",
        "Latin + Devanagari",
        "Diwali दीपावली",
        "",
        segments=(("NotoSans-Regular.ttf", "Diwali "), ("NotoSansDevanagari-Regular.ttf", "दीपावली")),
        phenomenon="complex",
    ),
)
