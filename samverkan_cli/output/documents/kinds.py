"""The reports there are, and the kind of record a report's id names: known without the
report code, so that shell completion can offer them quickly."""

from __future__ import annotations

REPORT_KINDS = ("overview", "agreement", "promise", "areas", "remiss")
RECORD_OF_REPORT = {"agreement": "agreement", "promise": "promise", "remiss": "remiss"}
"""The kind of record `samverkan report KIND ID` names by its ID."""
