pytest_plugins = ["tests.fixtures.smtp", "tests.fixtures.data", "tests.fixtures.browser"]
