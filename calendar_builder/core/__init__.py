"""The core: the data model, loading and validating the YAML, the rule grammar and its expansion."""
