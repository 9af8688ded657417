"""Windows of the repair-slip area: editor, list, detail, batches, pickup, lost slip."""
