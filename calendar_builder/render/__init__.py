"""Renderers: each turns an edition (or its layout) into one kind of output."""
