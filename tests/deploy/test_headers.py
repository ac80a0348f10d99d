"""Every response carries a Content-Security-Policy and a Permissions-Policy."""

import pytest

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/", "/api/v1/docs", "/accounts/login/", "/admin/login/"])
def test_every_page_has_a_csp_without_inline_script(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert not any("http" in value for values in csp.values() for value in values)


def test_a_not_found_answer_has_the_csp_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response


def test_extra_image_sources_are_a_setting(client, settings):
    from opencall.settings import content_security_policy

    settings.CONTENT_SECURITY_POLICY = content_security_policy(
        img_src_extra=["https://tile.openstreetmap.org"]
    )
    csp = _directives(client.get("/")["Content-Security-Policy"])
    assert csp["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert csp["script-src"] == ["'self'"]


def test_powerful_features_are_denied(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
