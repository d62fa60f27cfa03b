"""The submission: the model, reading YAML/JSON files and workbooks, and the problems they report."""
