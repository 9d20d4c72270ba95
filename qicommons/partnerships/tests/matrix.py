from qicommons.testing import Case, view_page

CASES = [
    Case("partnerships:detail", view_page(), kwargs=lambda w: {"slug": w.alpha.slug}),
]
