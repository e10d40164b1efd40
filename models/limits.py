"""Every limit on what people may enter, declared once: services enforce them, forms show them."""

from datetime import timedelta

# Accounts
USERNAME_MIN = 3
USERNAME_MAX = 40
DISPLAY_NAME_MAX = 120
PASSWORD_MIN = 10
PASSWORD_MAX = 256
EMAIL_MAX = 254

# Measures
PROGRESS_MIN = 0
PROGRESS_MAX = 100
BUDGET_MAX = 100_000_000_000  # MAD; above any regional programme, below 2**63
NOTE_MAX = 2000
URL_MAX = 500

# Committees
SUMMARY_MAX = 4000
DECISION_MAX = 1000
OWNER_MAX = 300
ATTENDANCE_MAX = 500
DECISIONS_MAX = 20

# Reading
SEARCH_MAX = 200  # characters of a text search
PAGE_SIZE_MAX = 100  # rows of a paged list

# Dates people enter: nothing before 2000, nothing more than ten years ahead.
EARLIEST_DATE_YEAR = 2000
LATEST_DATE_AHEAD = timedelta(days=3653)

# The sign-in log keeps what a client sends only up to these lengths.
LOGGED_USERNAME_MAX = 80
IP_MAX = 45
USER_AGENT_MAX = 300
