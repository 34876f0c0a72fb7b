"""Image and SVG files the edition prints (logos, artwork): opened once, checked, and measured for layout."""
