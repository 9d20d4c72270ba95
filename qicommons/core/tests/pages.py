from qicommons.testing import Page

PAGES = [
    Page("core:home", "lead"),
    Page("core:home", "programme"),
]
