from qicommons.testing import Case, signed_in_page, view_page

CASES = [
    Case("core:home", signed_in_page()),
    # The switcher redirects to the partnership's page, and is a 404 for one you cannot see.
    Case("core:switch", view_page(302), query="slug=alpha"),
]
