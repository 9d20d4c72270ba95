"""What an uploaded file really is, read from its first bytes rather than its name.

A name can say anything; the content cannot lie as easily. A file is accepted only when
its content is one of the allowed types *and* its extension agrees with that content, so
a program renamed `map.pdf` is refused.
"""

import re
import unicodedata
import zipfile
from pathlib import PurePath

MAX_BYTES = 5 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
TEXT = "text/plain"

EXTENSIONS = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    XLSX: {".xlsx"},
    DOCX: {".docx"},
    CSV: {".csv"},
    TEXT: {".txt"},
}
ALLOWED_EXTENSIONS = sorted(ext for exts in EXTENSIONS.values() for ext in exts)

# Bidirectional controls reorder what a reader sees: "report\u202eexe.pdf" shows as
# "reportfdp.exe". Unicode's list (UAX #9): the embeddings and overrides U+202A-U+202E,
# the isolates U+2066-U+2069, and the marks U+200E, U+200F and U+061C.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def shown_name(name: str) -> str:
    """The uploader's file name as it may be shown and offered back for download: no
    folders, no bidirectional or other control characters, at most 200 characters with
    its extension kept.

    >>> shown_name("C:\\\\Users\\\\grace\\\\report\\u202eexe.pdf")
    'reportexe.pdf'
    """
    base = PurePath(name.replace("\\", "/")).name
    kept = "".join(
        c for c in _BIDI_CONTROLS.sub("", base) if not unicodedata.category(c).startswith("C")
    ).strip()
    suffix = PurePath(kept).suffix[:10]
    return (kept[: 200 - len(suffix)] + suffix if len(kept) > 200 else kept) or "file"


def _office_type(upload) -> str | None:
    """XLSX and DOCX are zip archives; the parts inside say which one it is."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


# Bytes that never appear in a text file: controls other than tab, newlines, form feed.
_BINARY = bytes(set(range(32)) - {9, 10, 12, 13}) + b"\x7f"


def _is_text(head: bytes) -> bool:
    """Text in any common encoding (UTF-8, or Windows-1252 as Excel writes CSV): no
    control bytes. Programs, images and archives have them in their first few bytes."""
    return not any(byte in _BINARY for byte in head)


def sniff(upload) -> str | None:
    """The content type the file's bytes show, or None if it is none of the allowed ones."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _office_type(upload)
        upload.seek(0)
        return kind
    if head and _is_text(head):
        return TEXT
    return None


def detect_type(upload) -> str | None:
    """The allowed content type of this upload, or None if its content or name is wrong.

    Text is text: whether it is a CSV or plain text is taken from the extension.
    """
    content_type = sniff(upload)
    extension = PurePath(upload.name or "").suffix.lower()
    if content_type == TEXT and extension == ".csv":
        return CSV
    if content_type and extension in EXTENSIONS[content_type]:
        return content_type
    return None
