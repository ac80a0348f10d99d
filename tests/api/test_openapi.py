"""The API describes itself: OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_lists_the_public_and_the_staff_paths(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert (schema["info"]["title"], schema["info"]["version"]) == ("opencall", "1")
    assert {path: sorted(methods) for path, methods in schema["paths"].items()} == {
        "/api/v1/calls": ["get"],
        "/api/v1/calls/{slug}": ["get"],
        "/api/v1/calls/{slug}/check": ["post"],
        "/api/v1/staff/calls": ["get"],
        "/api/v1/staff/calls/{slug}/applications": ["get", "post"],
        "/api/v1/staff/calls/{slug}/applications/{number}": ["get"],
        "/api/v1/staff/calls/{slug}/applications/{number}/move": ["post"],
        "/api/v1/staff/calls/{slug}/applications/{number}/messages": ["post"],
    }


@pytest.mark.parametrize("path", ["", "/{number}/move", "/{number}/messages"])
def test_each_write_documents_its_refusals_with_examples(client, path):
    schema = client.get("/api/v1/openapi.json").json()

    write = schema["paths"][f"/api/v1/staff/calls/{{slug}}/applications{path}"]["post"]
    assert write["summary"]
    assert write["security"] == [{"TokenAuth": []}]
    refusals = {code: answer for code, answer in write["responses"].items() if code >= "400"}
    assert sorted(refusals) == ["400", "401", "403", "404", "409", "422", "429"]
    for code, answer in refusals.items():
        content = answer["content"]["application/json"]
        assert content["schema"]["$ref"].endswith("/FieldErrors" if code == "422" else "/Message")
        assert content["example"]["detail"], code
        assert answer["description"] not in {"Unauthorized", "Forbidden", "Not Found"}


def test_only_the_staff_paths_ask_for_a_bearer_token(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }
    secured = {
        path
        for path, methods in schema["paths"].items()
        for operation in methods.values()
        if operation.get("security") == [{"TokenAuth": []}]
    }
    assert secured == {p for p in schema["paths"] if p.startswith("/api/v1/staff/")}


def test_the_check_takes_the_application_document(client):
    schema = client.get("/api/v1/openapi.json").json()

    check = schema["paths"]["/api/v1/calls/{slug}/check"]["post"]
    body = check["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ApplicationDocument"}
    document = schema["components"]["schemas"]["ApplicationDocument"]
    assert "start_date" in document["properties"]
    assert sorted(check["responses"]) == ["200", "400", "404", "422", "429"]
    errors = schema["components"]["schemas"]["FieldError"]
    assert sorted(errors["properties"]) == ["ctx", "loc", "msg", "type"]


def test_the_interactive_docs_load_their_scripts_from_this_site(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
