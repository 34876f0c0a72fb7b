"""Text as positioned glyphs: scripts, bidi, font fallback, HarfBuzz shaping and measuring (no PDF here)."""
