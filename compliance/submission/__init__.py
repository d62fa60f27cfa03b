"""Reading a submission: model, files, workbooks and plot geometry (DESIGN.md target layout)."""
