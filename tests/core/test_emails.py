"""E-mail addresses: the fast check gives what pydantic's `EmailStr` gives, always."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from pydantic.networks import validate_email
from pydantic_core import PydanticCustomError

from opencall.core.emails import EmailAddress, normalized_email

ATEXT = "abcXYZ019!#$%&'*+/=?^_`{|}~-."
LOCAL = st.text(alphabet=ATEXT + 'é"@ ', min_size=0, max_size=70)
DOMAIN = st.one_of(
    st.sampled_from(
        ["example.org", "EXAMPLE.org", "hotosm.org", "localhost", "test", "b", "xn--bcher-kva.ch",
         "a..b.org", "-x.org", "x-.org", "münchen.de", "192.168.0.1", "[127.0.0.1]", "x.invalid"]
    ),
    st.text(alphabet="abcz09.-", min_size=0, max_size=70),
)  # fmt: skip


def _outcome(check, value):
    try:
        return ("ok", check(value))
    except PydanticCustomError as error:
        return ("refused", error.type, error.message())


@settings(max_examples=600, deadline=None)
@given(local=LOCAL, domain=DOMAIN)
def test_every_address_gets_the_answer_emailstr_gives(local, domain):
    address = f"{local}@{domain}"
    assert _outcome(normalized_email, address) == _outcome(lambda v: validate_email(v)[1], address)


@pytest.mark.parametrize(
    ("address", "normalised"),
    [
        ("wanjiru@Example.ORG", "wanjiru@example.org"),
        ("a.b+c@xn--bcher-kva.ch", "a.b+c@bücher.ch"),
        ("Ana Lima <ana@example.org>", "ana@example.org"),
        (f"{'a' * 64}@{'b' * 60}.{'c' * 60}.org", f"{'a' * 64}@{'b' * 60}.{'c' * 60}.org"),
    ],
)
def test_addresses_are_normalised_as_before(address, normalised):
    assert normalized_email(address) == normalised


@pytest.mark.parametrize("address", ["a..b@example.org", "a@localhost", "a@-x.org", "no-at-sign"])
def test_a_document_refuses_a_bad_address_with_emailstrs_error(address):
    class Contact(BaseModel):
        email: EmailAddress

    with pytest.raises(ValidationError) as caught:
        Contact(email=address)
    (error,) = caught.value.errors()
    assert error["type"] == "value_error"
    assert error["msg"].startswith("value is not a valid email address: ")
