"""The console's words for the content editor and the simulator. Marked with `N_` so
`pybabel extract` finds them; a module of their own so that pages built side by side do
not edit the same lines of `texts`."""

from __future__ import annotations

from bot.i18n.texts import N_

NAV_CONTENT = N_("Content")
PAGE_REFUSED = N_("This page is for editors and admins.")
NO_FLOW = N_("There is no flow with this name.")

TITLE = N_("Content")
INTRO = N_(
    "Open a flow to change its text, check it and try it in the simulator. Changes here "
    "are checked and tried, not yet saved: the bot keeps saying what its files say."
)
COL_FLOW = N_("Flow")
COL_TITLE = N_("Title")
OPEN = N_("Edit and try")

EDIT_TITLE = N_("Flow %(name)s")
BACK = N_("All flows")
TEXT_LABEL = N_("The flow's text (YAML)")
CHECK = N_("Check")
NO_PROBLEMS = N_("No problems found.")
PROBLEMS = N_("Problems to fix before this text could be published")
AT_LINE = N_("Line %(line)s")

SIMULATOR = N_("Simulator")
SIMULATOR_HINT = N_(
    "Try the flow as a person with this profile would meet it. Nothing is sent and "
    "nothing is saved."
)
RUN = N_("Run")
RUN_DRAFT = N_("the text above")
RUN_LOADED = N_("the flow the bot uses now")
AGE_BAND = N_("Age band")
GENDER = N_("Gender")
ROLE = N_("Writes about")
CHILD_AGE_BAND = N_("Child's age band")
LANGUAGE = N_("The person's language")
COUNTRY = N_("Country")
NOT_SET = N_("not set")
START = N_("Start the simulator")
PERSON_SAYS = N_("The person")
BOT_SAYS = N_("The bot")
TYPE_ANSWER = N_("Type an answer")
SEND = N_("Send")
ENDED = N_("The conversation ends here.")
CANNOT_RUN = N_("The simulator cannot run this text: %(problem)s")
NOT_PARSED = N_("Fix the problems above first: the text is not a flow yet.")

GENDERS = {"female": N_("female"), "male": N_("male"), "unsaid": N_("prefers not to say")}
ROLES = {"self": N_("themselves"), "caregiver": N_("a child in their care")}

# What the bot would do, in words (the simulator does none of it).
WOULD_OPEN_CASE = N_("Would open a %(severity)s case: %(reason)s")
WOULD_SCHEDULE = N_("Would start “%(flow)s” for this person in %(after)s")
WOULD_SAVE = N_("Would save %(name)s = %(value)s")
WOULD_KEEP_TEXT = N_("Would keep the typed text as %(name)s")
WOULD_SET = N_("Would set the person's %(field)s to %(value)s")
WOULD_SCORE = N_("Would record %(instrument)s: score %(score)s, %(band)s")
WOULD_GO_ON = N_("Goes on to the flow “%(flow)s”")
WOULD_SHOW_SCREEN = N_("Would show the screen “%(screen)s”")
WOULD_FORGET = N_("Would erase everything held about this person")
SEVERITIES = {
    "critical": N_("critical"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}
