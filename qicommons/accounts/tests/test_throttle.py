from qicommons.accounts.throttle import client_ip


def test_it_uses_the_connections_address_without_proxies(rf, settings):
    settings.TRUSTED_PROXIES = 0
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert client_ip(request) == "10.1.1.1"


def test_it_reads_the_address_the_trusted_proxy_saw(rf, settings):
    settings.TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")

    assert client_ip(request) == "203.0.113.7"


def test_it_counts_several_proxies_from_the_right(rf, settings):
    settings.TRUSTED_PROXIES = 2
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.2"
    )

    assert client_ip(request) == "203.0.113.7"


def test_it_falls_back_when_the_header_is_short(rf, settings):
    settings.TRUSTED_PROXIES = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert client_ip(request) == "10.0.0.3"
