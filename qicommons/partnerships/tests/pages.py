from qicommons.testing import Page


def _alpha(world):
    return {"slug": world.alpha.slug}


PAGES = [
    Page("partnerships:detail", "member", kwargs=_alpha),
    Page("partnerships:members", "lead", kwargs=_alpha),
    Page("partnerships:edit", "lead", kwargs=_alpha),
    Page("partnerships:list", "programme"),
]
