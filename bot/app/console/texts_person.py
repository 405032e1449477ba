"""The console's words for a person's page and their individual plan. Marked with `N_` so
`pybabel extract` finds them; a module of their own so that pages built side by side do
not edit the same lines of `texts`."""

from __future__ import annotations

from bot.i18n.texts import N_

TITLE = N_("Person %(code)s")
FIND = N_("Find a person by code")
# Not "Open", which is also a case status: a verb here, in every language.
FIND_BUTTON = N_("Open their page")

CASES = N_("Cases")
CASE_OPEN = N_("Open case #%(id)s")
CASE_HIDDEN = N_("Case #%(id)s (a colleague's: ask a supervisor)")
CASE = N_("Case")
SEVERITY = N_("Severity")
STATUS = N_("Status")
HANDLED_BY = N_("Handled by")
OPENED = N_("Opened")
NO_CASES = N_("No cases.")

TRENDS = N_("Moods and scores over time")
NO_TRENDS = N_("No check-ins or questionnaires yet.")

REFERRALS = N_("Referrals")
NO_REFERRALS = N_("No referrals yet.")
SERVICE = N_("Service")
SENT = N_("Sent")
ANSWER = N_("Did they reach it?")
NOT_ANSWERED = N_("not answered yet")

PLAN = N_("Individual plan")
NO_PLAN = N_("No plan yet.")
GOALS = N_("Goals")
CHECKIN = N_("Agreed check-in")
NO_CHECKIN = N_("No check-in agreed.")
# The cadence (`every`) in the bot's own words: "every week", "every 2 weeks".
CHECKIN_SUMMARY = N_("%(title)s, %(every)s, for %(weeks)s weeks from %(date)s")
NEXT_CHECKIN = N_("Next check-in")
NOT_SCHEDULED = N_("none scheduled")
REVIEW = N_("Review date")
NO_REVIEW = N_("not set")
MODULES = N_("Self-help modules")
NO_MODULES = N_("None assigned.")
READ_ONLY = N_("Only the person's own counsellor or a supervisor may change this plan.")
SAVED = N_("The plan is saved. The person's check-ins follow it from now on.")

EDIT = N_("Change the plan")
GOALS_LABEL = N_("Goals, in plain words")
GOALS_HINT = N_("The person reads these with /plan exactly as you write them.")
CHECKIN_FLOW = N_("Questionnaire")
CHECKIN_NONE = N_("No check-in")
EVERY = N_("Every")
UNIT = N_("Days or weeks")
UNIT_DAYS = N_("days")
UNIT_WEEKS = N_("weeks")
WEEKS = N_("For how many weeks")
STARTS = N_("Starting on")
REVIEW_HINT = N_("The bot reminds you on this day.")
MODULES_HINT = N_("The person finds these with /plan, in this order.")
SAVE = N_("Save the plan")

ERRORS = N_("The plan was not saved. Please correct the fields marked below.")
ERROR_GOALS = N_("Write at most %(max)s characters.")
ERROR_FLOW = N_("Choose a questionnaire from the list.")
ERROR_NUMBER = N_("Enter a whole number.")
ERROR_EVERY = N_("Every 1 to 28 days, or 1 to 4 weeks.")
ERROR_RECALL = N_(
    "These questions ask about the last %(days)s days: set them every %(days)s days or less often."
)
ERROR_WEEKS = N_("From 1 to %(max)s weeks.")
ERROR_DATE = N_("Enter a date as YYYY-MM-DD.")
ERROR_MODULES = N_("Choose at most %(max)s modules from the list.")
