"""opencall's settings for the subprocesses of the system tests: a send is stale
after one second, so a new worker's scheduler recovers a killed one's row at once."""

from opencall.settings import *  # noqa: F403

MAIL_SENDING_STALE_SECONDS = 1.0
