"""The frame every page shares: trim size, bleed, safe zone, binding band and a type scale for the format."""

from __future__ import annotations

import math
from dataclasses import dataclass

from calendar_builder.edition.settings import MM, EditionSettings
from calendar_builder.layout.geometry import Box


@dataclass(frozen=True)
class Frame:
    width: float
    height: float
    bleed: float
    safe: Box
    binding: Box
    #: 1.0 for A3; type and spacing scale with the square root of the page area
    scale: float

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def mm(self, value: float) -> float:
        """A length given in millimetres at A3 size, scaled to this format."""
        return value * MM * self.scale


def page_frame(settings: EditionSettings) -> Frame:
    width_mm, height_mm = settings.trim_mm
    width, height = width_mm * MM, height_mm * MM
    safe = settings.safe_mm * MM
    binding = settings.binding_mm * MM
    scale = math.sqrt(width_mm * height_mm / (297 * 420))
    return Frame(
        width=width,
        height=height,
        bleed=settings.bleed_mm * MM,
        safe=Box(safe, safe, width - 2 * safe, height - safe - max(binding, safe)),
        binding=Box(0, height - binding, width, binding),
        scale=scale,
    )
