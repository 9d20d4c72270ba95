from qicommons.testing import Page

PAGES = [
    Page("accounts:login", "anonymous"),
]
