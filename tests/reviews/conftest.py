from tests.accounts.people import filipino, kenyan, staff  # noqa: F401 (fixtures)

# A staff API token's headers, for the blind review's API tests.
from tests.api.conftest import bearer, new_token  # noqa: F401 (fixtures)

# Staff of the 2027 community grants call and an application answering its own questions.
from tests.community import answered, community_staff  # noqa: F401 (fixtures)
