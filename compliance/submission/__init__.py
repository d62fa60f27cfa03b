"""The submission: the model, reading YAML/JSON files and workbooks, plot geometry, and the problems they report."""
