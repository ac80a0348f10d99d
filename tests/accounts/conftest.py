from tests.accounts.people import filipino, kenyan, staff  # noqa: F401 (fixtures)
