"""One edition: the merged, sorted entries of a year and the print settings of data/edition.yaml."""
