import pytest

from qicommons.core.checks import check_site_url


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "https://localhost", "http://qi.example.org", "qi.example.org"],
)
def test_a_site_url_that_mails_wrong_links_is_warned_about(settings, url):
    settings.SITE_URL = url
    (warning,) = check_site_url()
    assert warning.id == "qicommons.W001" and url in warning.msg


def test_the_public_https_address_passes(settings):
    settings.SITE_URL = "https://qi.example.org"
    assert check_site_url() == []
