from tests.accounts.people import kenyan, staff  # noqa: F401 (fixtures)
