"""The vocabulary: its typed model, loading and validation of `vocab.yaml`, and explanations."""
