"""Drawing results for people: one module per kind of thing drawn."""
