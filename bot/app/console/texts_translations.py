"""The console's words for the translations page: each flow's status in each language, a
reviewer's mark, and PO files. Marked with `N_` so `pybabel extract` finds them."""

from __future__ import annotations

from bot.i18n.texts import N_

TITLE = N_("Translations")
INTRO = N_(
    "Each flow in each language: missing when some of its texts have no translation, "
    "unreviewed until a staff member who speaks the language has read it, reviewed after "
    "that. Open a language of a flow to read it beside English and Russian."
)
COL_FLOW = N_("Flow")
TOTAL = N_("Flows")
STATUSES = {
    "missing": N_("missing"),
    "unreviewed": N_("unreviewed"),
    "reviewed": N_("reviewed"),
}
MISSING_COUNT = N_("texts without a translation: %(count)s")
REVIEW_TITLE = N_("Flow %(name)s: %(language)s")
COL_WHERE = N_("Where")
NOT_TRANSLATED = N_("not translated yet")
MARK_REVIEWED = N_("I have read every text: mark it reviewed")
MARK_HINT = N_(
    "Marking publishes a new revision of the flow that records your review; no text the "
    "person reads changes, so it needs no second approval."
)
REVIEWED_DONE = N_("Marked reviewed: revision %(id)s records it.")
ALREADY_REVIEWED = N_("These texts are already marked reviewed.")
NOT_YOUR_LANGUAGE = N_(
    "Only a staff member who speaks this language (%(language)s) can mark its texts "
    "reviewed. Your languages: %(yours)s."
)
STILL_MISSING = N_("Some texts have no translation yet: translate them before a review.")
NO_LANGUAGE = N_("This language is not translated into here.")
NO_FLOW = N_("There is no published flow with this name.")

PO_TITLE = N_("PO files for translators")
PO_HINT = N_(
    "Download a language's texts of every flow and questionnaire as a PO file, translate it "
    "in any PO editor and upload it here. It is checked as `qadam flows import-po` checks "
    "it; when anything is wrong nothing changes. Imported texts are published unreviewed, "
    "and questionnaire texts wait for a second staff member's approval."
)
DOWNLOAD = N_("Download the PO file")
UPLOAD_LABEL = N_("A translated PO file")
CHECK_ONLY = N_("Check only")
IMPORT = N_("Import and publish")
NO_FILE = N_("Choose a PO file to upload.")
NOT_IMPORTED = N_("Not imported, nothing changed. Problems: %(count)s.")
CHECKED = N_("No problems. Texts that would change (%(language)s): %(count)s.")
IMPORTED = N_("Imported. Texts changed (%(language)s): %(count)s.")
NOTHING_TO_IMPORT = N_("The file changes no text.")
COL_TEXT = N_("Text")
COL_NEW_TEXT = N_("New text")
SKIPPED = N_("Left as they were")
IMPORT_WAITING = N_("Waiting for a second staff member's approval: %(names)s.")
