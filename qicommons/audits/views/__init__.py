"""Audit, peer review, feedback and governance pages, one module per area. Every object
comes through the access door (`qicommons.partnerships.access`); what a page computes
lives in the models, `actions.py` (writes) or the domain modules, not here."""
