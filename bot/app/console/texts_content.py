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
    "Open a flow to change its text, check it, try it in the simulator, save it as a draft "
    "and publish it. Its revisions page shows who changed what and when, compares two "
    "revisions and rolls back to an earlier one."
)
COL_FLOW = N_("Flow")
COL_TITLE = N_("Title")
OPEN = N_("Edit and try")
# The Content page's groups, by the folder under `flows/` their files live in.
GROUPS = {
    "": N_("Flows"),
    "instruments": N_("Questionnaires"),
    "risk": N_("Risk rules"),
    "services": N_("Crisis contacts and services"),
}
COL_FILE = N_("File")

EDIT_TITLE = N_("Flow %(name)s")
BACK = N_("All flows")
TEXT_LABEL = N_("The flow's text (YAML)")
EDIT_FILE_TITLE = N_("Content file %(name)s")
FILE_TEXT_LABEL = N_("The file's text (YAML)")
NO_SIMULATOR = N_(
    "Only flows run in the simulator. Check, save and publish test this file together "
    "with every flow that uses it."
)
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
RELATIONSHIP = N_("Who they are to the children")
CHILDREN = N_("Several children, by age band")
CHILD_AGE_BAND = N_("Child's age band")
LANGUAGE = N_("The person's language")
COUNTRY = N_("Country")
# Not "not set", a review date's word: it must agree with every field it stands in.
NOT_SET = N_("(not set)")
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

# Content revisions: saving, publishing, approving, comparing and rolling back.
BASE_HINT = N_(
    "Save draft keeps your text apart from what is published. Publish checks it and puts "
    "it in force for everyone within seconds; a change that touches safety waits for a "
    "second staff member's approval."
)
EDITING_DRAFT = N_("You are editing your draft, revision %(id)s.")
EDITING_LIVE = N_("You are editing the published text, revision %(id)s.")
EDITING_OTHER = N_(
    "You are editing revision %(id)s, which is not published; the simulator runs it as it is."
)
SAVE = N_("Save draft")
BUSY = N_("Working on it… Checking every flow takes a few seconds.")
PUBLISH = N_("Publish")
SAVED = N_("Draft saved as revision %(id)s. Nothing changed for anyone yet.")
PUBLISHED = N_("Published: revision %(id)s reaches the bots within seconds.")
WAITING = N_(
    "Revision %(id)s touches safety: it is waiting for a second staff member's approval "
    "and is not in force yet."
)
UNCHANGED = N_("This is the text already published: nothing changed.")
APPROVED = N_("Approved: revision %(id)s is published.")
ROLLED_BACK = N_("Rolled back: revision %(id)s publishes the earlier text again.")
STALE = N_(
    "Not saved: %(author)s saved a newer revision, %(id)s, at %(when)s. Open it, make your "
    "change to it and save again."
)
OPEN_NEWER = N_("Open revision %(id)s")
BY_CLI = N_("the command line")
BY_SEED = N_("the files under flows/")
NOT_PUBLISHED_NOTHING_KEPT = N_(
    "Not published: nothing changed for anyone, and nothing was saved. Your text is still "
    "in the editor: fix the problems below and publish again, or save it as a draft."
)
DISCARD = N_("Discard this draft")
DISCARDED = N_(
    "Draft %(id)s discarded: the editor opens the published text again. Its text stays in "
    "the list of revisions."
)
NOT_YOUR_DRAFT = N_("Only your own draft can be discarded.")
OPEN_PUBLISHED = N_("Open the published text, revision %(id)s")
NOT_PUBLISHABLE = N_("Not published, nothing changed for anyone:")
SELF_APPROVAL = N_(
    "You cannot approve your own change: a change that touches safety needs a second staff member."
)
NOT_WAITING = N_("This revision is not waiting for approval.")
NO_REVISION = N_("There is no such revision of this flow.")

REVISIONS = N_("Revisions")
REVISIONS_TITLE = N_("Revisions of %(name)s")
PENDING = N_("Waiting for approval")
NONE_PENDING = N_("No change is waiting for approval.")
COL_REVISION = N_("Revision")
COL_AUTHOR = N_("Who")
COL_WHEN = N_("When")
COL_NOTE = N_("Note")
COL_CHANGED = N_("What changed")
# A name's first revision came from files (the seed, or `qadam flows publish`): it changed
# nothing, and listing each of its keys would say nothing.
FIRST_REVISION = N_("First revision, imported from files")
COL_STATE = N_("State")
STATES = {
    "draft": N_("draft"),
    "waiting": N_("waiting for approval"),
    "approved": N_("published before"),
    "discarded": N_("discarded draft"),
}
LIVE = N_("published now")
SAFETY = N_("touches safety")
APPROVE = N_("Approve")
ROLL_BACK = N_("Roll back to this")
PUBLISH_THIS = N_("Publish this")
CONFIRM_ROLLBACK_TITLE = N_("Roll %(name)s back to revision %(id)s?")
CONFIRM_PUBLISH_TITLE = N_("Publish revision %(id)s of %(name)s?")
CONFIRM_GOES_LIVE = N_(
    "The text of revision %(id)s goes live for everyone within seconds, in place of "
    "revision %(live)s, which is published now."
)
CONFIRM_SAFETY = N_(
    "It touches safety: it waits for a second staff member's approval before it goes live."
)
CONFIRM_CHANGES = N_("What changes from revision %(live)s to %(id)s")
CONFIRM_ROLLBACK = N_("Yes, roll back")
CONFIRM_PUBLISH = N_("Yes, publish it")
COMPARE = N_("Compare")
FROM = N_("From revision")
TO = N_("To revision")
NO_CHANGES = N_("The two revisions say the same.")
COL_STEP = N_("Step")
COL_LANGUAGE = N_("Language")
BEFORE = N_("Before")
AFTER = N_("After")

# Actions of the content editor and the translations page, for the audit log.
ACTIONS = {
    "content.draft": N_("content draft saved"),
    "content.publish": N_("content published"),
    "content.submit": N_("content change sent for a second approval"),
    "content.approve": N_("content change approved and published"),
    "content.rollback": N_("content rolled back"),
    "content.discard": N_("content draft discarded"),
    "content.po_import": N_("translations imported from a PO file"),
    "content.translation_reviewed": N_("translation marked reviewed"),
}
# The notes the system writes on a revision (content_editor._NOTES).
NOTE_SEEDED = N_("imported from the files under flows/")
NOTE_ROLLBACK = N_("rollback to revision %(id)s")
NOTE_REVIEWED = N_("%(language)s texts reviewed by %(who)s")
NOTE_PO = N_("%(language)s texts imported from %(file)s")
# An audit row of a content action: which file, which revision.
AUDIT_REVISION = N_("%(action)s: %(name)s, revision %(id)s")
