"""Helpers every app shares: the readable audit trail, the patient-identifier warnings,
spreadsheet reading, number formatting and the private file storage.

Nothing here imports an app, so any app may import it; code that needs an app's models
belongs in that app (see the layer order in docs/foundation.md).
"""
