"""The web console's own words. Marked with `N_` so `pybabel extract` finds them;
translated per request into the member's console language (`language.of`)."""

from __future__ import annotations

from bot.i18n.texts import N_

# Sent in the bot by /console.
SIGNIN_LINK = N_(
    "Your link to the Qadam console, for you alone, works once within 5 minutes:\n%(link)s\n"
    "Do not pass it on. Send /console again for a new one."
)

PRODUCT = N_("Qadam console")
SKIP = N_("Skip to the main content")
NAV = N_("Console")
NAV_QUEUE = N_("Queue")
SIGNED_IN_AS = N_("Signed in as %(name)s (%(role)s)")
ROLES = {
    "counsellor": N_("counsellor"),
    "supervisor": N_("supervisor"),
    "admin": N_("admin"),
    "editor": N_("editor"),
}
LANGUAGE = N_("Language")
LANGUAGE_SAVE = N_("Change language")
SIGN_OUT = N_("Sign out")
SIGN_OUT_EVERYWHERE = N_("Sign out everywhere")

SIGNIN_TITLE = N_("Sign in to the Qadam console")
SIGNIN_CONFIRM = N_("This link signs you in once. Press the button to continue.")
SIGNIN_BUTTON = N_("Sign in")
SIGNIN_REFUSED = N_("This sign-in link cannot be used")
SIGNIN_AGAIN = N_(
    "It has expired, has been used already, or is not a link the bot gave you. Send "
    "/console to the bot for a new link; it works once, within 5 minutes."
)
SIGNIN_SLOW_DOWN = N_("Too many attempts to sign in. Please wait a minute and try again.")
SIGNED_OUT_TITLE = N_("You are signed out")
SIGNED_OUT = N_(
    "Your session has ended. To sign in again, send /console to the bot and open the new link."
)
FORBIDDEN_TITLE = N_("Not yours to see")
FORBIDDEN = N_(
    "This case is with a colleague, or needs a supervisor. The queue shows the cases you may work."
)
MISSING_TITLE = N_("No such page")
MISSING = N_("There is nothing here. The queue shows the cases you may work.")
CSRF_TITLE = N_("The form has expired")
CSRF = N_("Please go back, reload the page and try again.")
BACK_TO_QUEUE = N_("Back to the queue")
# An action on a case that was refused; the sentence under it says why.
NOT_DONE = N_("Not done")

QUEUE_TITLE = N_("Open cases")
QUEUE_FILTERS = N_("Show")
QUEUE_FILTER = {
    "available": N_("Mine and unassigned"),
    "all": N_("All"),
    "mine": N_("Mine"),
    "unassigned": N_("Unassigned"),
}
QUEUE_NONE = N_("No open cases here.")
QUEUE_UPDATED = N_("Updated by itself every few seconds.")
TAKE_NEXT = N_("Take the next case")
TAKE_NEXT_NONE = N_("There is no case waiting that you may take.")
COL_SEVERITY = N_("Severity")
COL_PERSON = N_("Person")
COL_WAITING = N_("Waiting")
COL_DEADLINE = N_("Deadline")
COL_WHO = N_("Who has it")
COL_LANGUAGE = N_("Language")
COL_FLAGS = N_("Flags")
NOBODY = N_("nobody yet")
NOT_CLAIMED = N_("%(name)s, not claimed yet")
ACKNOWLEDGED = N_("acknowledged")
OVERDUE_BY = N_("missed %(time)s ago")
DUE_IN = N_("in %(time)s")
FLAG_UNSAFE = N_("felt unsafe")
FLAG_REOPENED = N_("reopened")
FLAG_ERASED = N_("erased")

CASE_TITLE = N_("Case of %(code)s")
CASE_STATUS = N_("Status")
CLAIMED = N_("You have claimed this case.")
RESOLVED = N_("The case is resolved.")
OUTCOME = N_("How it ended")
