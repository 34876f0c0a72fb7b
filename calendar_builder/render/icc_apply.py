"""Applying a colour transform to an image without Pillow's copy of the target profile in the result.

`ImageCms.applyTransform` stores the whole output profile in the converted image's `info` (it serialises the
profile, 1 MB for FOGRA39, on every call: about 8 ms, more than converting a logo or one SVG colour). Nothing
drawn from these images reads that copy: the print file names its profile once, in the output intent. The pixels
are those of `applyTransform`: the same littleCMS transform applied the same way.
"""

from __future__ import annotations

from PIL import Image, ImageCms


def apply_transform(image: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    """`ImageCms.applyTransform(image, transform)` without the output profile in the result's `info`."""
    converted = Image.new(transform.output_mode, image.size)
    try:
        transform.transform.apply(image.getim(), converted.getim())
    except (TypeError, ValueError) as exc:  # as applyTransform reports them
        raise ImageCms.PyCMSError(exc) from exc
    return converted


__all__ = ["apply_transform"]
