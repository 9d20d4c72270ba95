"""A measure's history of changes as entries a person reads: one per edit, and one for
all the rows a spreadsheet import wrote.

An import marks each history row it writes with the change reason
`IMPORT_REASON + file name` (see `actions.import_points`); consecutive rows with the same
reason by the same person are one import.
"""

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["IMPORT_REASON", "Entry", "history_entries", "import_reason"]

IMPORT_REASON = "import:"
# The history table's reason column holds 100 characters.
REASON_LENGTH = 100


def import_reason(file_name: str) -> str:
    """The change reason an import's rows carry.

    >>> import_reason("pph.xlsx")
    'import:pph.xlsx'
    """
    return (IMPORT_REASON + file_name)[:REASON_LENGTH]


@dataclass
class Entry:
    """One line of the history: a single change (`records` holds it) or an import."""

    when: datetime
    user: object
    records: list = field(default_factory=list)
    file_name: str = ""

    @property
    def is_import(self) -> bool:
        return bool(self.file_name)

    @property
    def record(self):
        return self.records[0]

    @property
    def first_period(self):
        return min(r.period for r in self.records)

    @property
    def last_period(self):
        return max(r.period for r in self.records)


def history_entries(records) -> list[Entry]:
    """Group history rows (newest first) into entries; an import's rows become one."""
    entries: list[Entry] = []
    for record in records:
        reason = record.history_change_reason or ""
        name = reason[len(IMPORT_REASON) :] if reason.startswith(IMPORT_REASON) else ""
        last = entries[-1] if entries else None
        if (
            name
            and last is not None
            and last.file_name == name
            and last.user == record.history_user
            and last.records[-1].history_change_reason == reason
        ):
            last.records.append(record)
            continue
        entries.append(Entry(record.history_date, record.history_user, [record], name))
    return entries
