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
CODE_MAX = 20  # a measure's code, "SM-16"
TITLE_MAX = 300  # a title or a PDR reference, in each language
DESCRIPTION_MAX = 4000
REASON_MAX = 1000  # why a plan changed

# Committees
SUMMARY_MAX = 4000
DECISION_MAX = 1000
INSTITUTION_NAME_MAX = 300
ACRONYM_MAX = 40
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

# Sign-in throttle, per normalised name and client address (services/throttle.py).
SIGN_IN_FAILURES_MAX = 5  # failures within the window that pause the pair
SIGN_IN_FAILURE_WINDOW = timedelta(minutes=15)  # counted from the window's first failure
SIGN_IN_PAUSE_FIRST = timedelta(minutes=15)  # doubles with each further pause of the pair
SIGN_IN_PAUSE_MAX = timedelta(hours=24)
SIGN_IN_PAUSE_MEMORY = timedelta(hours=24)  # quiet this long after a pause: doubling starts over
# Account-wide ceiling: past this many failures for one name within the hour (all addresses),
# each address may try that name at most once per spacing; nobody is paused by it.
SIGN_IN_CEILING = 50
SIGN_IN_CEILING_WINDOW = timedelta(hours=1)
SIGN_IN_CEILING_SPACING = timedelta(minutes=1)

# Sign-in log: refusals are counted in one row per client address, outcome and window.
SIGN_IN_LOG_WINDOW = timedelta(minutes=10)
AGGREGATE_KEY_MAX = 120
LOG_RETENTION_DAYS = 180  # default of MARSAD_LOG_RETENTION_DAYS

# Evidence files: PDF and images only (models.evidence), each at most this size.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_NAME_MAX = 200
# Pages of the audit screen (50 entries each); older entries are reached with the date filter.
AUDIT_PAGES_MAX = 2000

# Results: a reported count (people, files, MAD) and the texts beside it.
VALUE_MAX = 100_000_000_000
COMMENT_MAX = 4000
INDICATOR_CODE_MAX = 20
UNIT_MAX = 60
VALUES_PER_STEP_MAX = 500  # values submitted, returned or validated in one step
