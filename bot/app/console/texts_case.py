"""The case page's own words: its sections, forms, what a form did, and the referrals.
Marked with `N_` so `make extract-messages` finds them; translated per request into the
member's console language. Kept apart from `texts` so that pages built in parallel do not
edit one file."""

from __future__ import annotations

from bot.i18n.texts import N_

PERSON_PAGE = N_("Open the person's page")
LIVE_TITLE = N_("What happened")
LIVE_UPDATED = N_("The conversation and the timeline update by themselves every few seconds.")

ACTIONS_TITLE = N_("What you can do")
REPLY_LABEL = N_("Your reply to the person")
REPLY_HINT = N_("The person gets it in the bot, as if you wrote through Telegram.")
REPLY_SEND = N_("Send the reply")
NOTE_LABEL = N_("A note for staff")
NOTE_HINT = N_("Only staff see notes; the person never does.")
NOTE_SAVE = N_("Save the note")
TRANSFER_LABEL = N_("Hand the case to")
TRANSFER_QUEUE = N_("the queue: whoever is assigned next")
TRANSFER_SEND = N_("Hand on")
REOPEN = N_("Reopen the case")
DUE_IN = N_("due in %(time)s")
MISSED_BY = N_("missed %(time)s ago")

CHARTS_TITLE = N_("Moods and scores")
CHARTS_NONE = N_("No check-ins or questionnaires yet.")

# After a form, on the case page again (`?note=`).
DONE_TRANSFERRED = N_("Handed on; your colleague has been told.")
DONE_REFERRED = N_("Referral sent: the person gets the service's card in a moment.")

REFER_TITLE = N_("Refer to a service")
REFER_HINT = N_(
    "The person gets the service's card in their language, and some days later the bot "
    "asks whether they reached it."
)
REFER_NONE = N_("No active services in the person's country yet.")
REFER_CLAIM_FIRST = N_("Claim the case to refer the person.")
REFER_SEND = N_("Send %(name)s to the person")
COL_CATEGORY = N_("Category")
COL_SERVICE = N_("Service")
COL_PLACE = N_("City or region")
COL_LANGUAGES = N_("Languages")
COL_SENT = N_("Sent")
COL_ANSWER = N_("Did they reach it?")
REFERRALS_TITLE = N_("Their referrals")
REFERRALS_NONE = N_("No referrals yet.")
# The follow-up answer, or that it is still to come.
ANSWERS = {
    "reached": N_("reached it"),
    "not_reached": N_("not yet"),
    "no_answer": N_("would rather not say"),
}

REFUSED_REFER = N_(
    "Only the person's counsellor or a supervisor refers them: claim the case first."
)
REFUSED_SERVICE = N_("That service is not in the directory any more.")
