"""The console's own words for staff: what happened on a case, how it ended, its flags,
the charts, and what an action did or why it was refused. Marked with `N_` so that
`make extract-messages` finds them; translated for the staff member reading them.

The labels of the partial templates are here too (`LABELS`): the templates call `t()`
with these very strings, and a test holds the two together, because extraction reads
only `bot/`.
"""

from __future__ import annotations

from bot.i18n.texts import N_

# The timeline of a case, from its audit log. `%(staff)s` is a staff code.
EVENT_OPENED = N_("Case opened, %(severity)s: %(reasons)s")
EVENT_RAISED = N_("Severity raised to %(severity)s: %(reasons)s")
EVENT_JOINED = N_("Another signal: %(reasons)s")
EVENT_ASSIGNED = N_("Assigned to %(staff)s")
EVENT_CLAIMED = N_("Claimed by %(staff)s")
EVENT_TRANSFERRED = N_("%(staff)s handed it to %(to)s")
EVENT_TO_QUEUE = N_("%(staff)s put it back in the queue")
EVENT_REQUEUED = N_("Back in the queue: its counsellor left")
EVENT_OVERDUE = N_("Deadline missed")
EVENT_ENDED_BY_STAFF = N_("%(staff)s ended the conversation")
EVENT_ENDED_BY_PERSON = N_("The person ended the conversation")
EVENT_RESOLVED = N_("Resolved by %(staff)s: %(outcome)s")
EVENT_REOPENED = N_("Reopened by %(staff)s")
# Reopened by a new signal, or for a supervisor when the person felt unsafe.
EVENT_REOPENED_PLAIN = N_("Reopened")
EVENT_FEEDBACK = N_("The person answered how the conversation went")
EVENT_FELT_UNSAFE = N_("The person said the conversation felt unsafe")
EVENT_ERASED = N_("The person deleted their data")
# A staff member whose row is gone (the audit log keeps what they did).
FORMER_STAFF = N_("a former colleague")

FLAG_REOPENED = N_("reopened")
FLAG_ERASED = N_("erased")

CHART_MOOD = N_("Daily mood")
CHART_MOOD_AXIS = N_("1 very low, 5 good")
CHART_SUMMARY = N_(
    "%(title)s: %(count)s results from %(first)s to %(last)s; the latest is %(value)s."
)
# Why a page or an action was refused.
REFUSED_NO_CASE = N_("There is no such case.")
REFUSED_NOT_YOURS = N_("This case is a colleague's; ask a supervisor if you need it.")
REFUSED_NO_PERSON = N_("Nobody has that code.")
REFUSED_PERSON = N_("You may open only people you counsel or have had a case with.")
REFUSED_SUPERVISORS = N_("Only supervisors and admins may see this.")
REFUSED_SUPERVISOR_RESOLVES = N_("A supervisor reviews this case and resolves it.")
REFUSED_ERASED = N_("This case was closed: the person deleted their data.")
REFUSED_TAKEN = N_("A colleague has already claimed this case.")
REFUSED_RESOLVED = N_("The case is resolved; reopen it first.")
REFUSED_NOT_RESOLVED = N_("The case is not resolved.")
REFUSED_EMPTY = N_("Write something first.")
REFUSED_COLLEAGUE = N_("That colleague cannot take this case.")
REFUSED_WANTS_WOMAN = N_(
    "The person asked for a woman counsellor: hand the case to a woman counsellor or a supervisor."
)
REFUSED_OUTCOME = N_("Choose how the case ended.")

# What an action did.
DONE_CLAIMED = N_("The case is yours.")
DONE_SENT = N_("Sent: it goes out in a moment.")
DONE_NOTED = N_("Note saved.")
DONE_TRANSFERRED = N_("Handed to %(staff)s, who has been told.")
DONE_QUEUED = N_("Back in the queue.")
DONE_RESOLVED = N_("The case is resolved.")
DONE_REOPENED = N_("The case is open again, and yours.")

# The audit log page: actions in words. An action missing here is shown as its code.
ACTIONS = {
    "opened": N_("case opened"),
    "raised": N_("severity raised"),
    "joined": N_("signal joined"),
    "assigned": N_("assigned"),
    "claimed": N_("claimed"),
    "transferred": N_("handed on"),
    "requeued": N_("back in the queue"),
    "overdue": N_("deadline missed"),
    "wrote": N_("wrote to the person"),
    "noted": N_("note added"),
    "viewed": N_("case viewed"),
    "person-viewed": N_("person viewed"),
    "ended": N_("conversation ended"),
    "resolved": N_("resolved"),
    "reopened": N_("reopened"),
    "feedback": N_("feedback"),
    "erased": N_("person erased"),
    "on-duty": N_("went on duty"),
    "off-duty": N_("went off duty"),
    "deactivated": N_("deactivated"),
    "invited": N_("invited"),
    "linked": N_("linked their account"),
    "invite-wrong": N_("wrong invite code"),
    "invite-lockout": N_("invite codes paused"),
    "console.link": N_("sign-in link made"),
    "console.signin": N_("signed in to the console"),
    "console.signout": N_("signed out"),
    "console.signout-everywhere": N_("signed out everywhere"),
    "console.expired": N_("console session ended by time"),
    "console.language": N_("console language changed"),
    "plan_set": N_("plan set"),
    "plan_modules": N_("plan's exercises changed"),
    "referral_sent": N_("referral sent"),
}

# The partial templates' labels: `t("...")` in admin/templates/console/partials.
LABELS = (
    N_("Action"),
    N_("Age"),
    N_("Audit log"),
    N_("Band"),
    N_("Case"),
    N_("Cases"),
    N_("Conversation"),
    N_("Country"),
    N_("Critical and high, not yet claimed"),
    N_("Date"),
    N_("Deadline"),
    N_("Deadlines in the next 30 minutes"),
    N_("Deadlines missed"),
    N_("Felt unsafe"),
    N_("Flags"),
    N_("From the person"),
    N_("Handled by"),
    N_("Language"),
    N_("Note"),
    N_("Nothing yet."),
    N_("On duty"),
    N_("Open cases"),
    N_("Person"),
    N_("Profile"),
    N_("Reasons"),
    N_("Results as a table"),
    N_("Severity"),
    N_("Staff"),
    N_("Status"),
    N_("Their words"),
    N_("Timeline"),
    N_("To the person"),
    N_("Value"),
    N_("When"),
    N_("Writes about"),
    N_("not shown: a colleague's case"),
    N_("overdue"),
)
