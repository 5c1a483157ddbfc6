"""Reading record files: bytes → text → YAML events → plain data with positions → records."""
