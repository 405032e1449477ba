"""The console's words for supervising, the audit log, staff and the service directory.
Marked with `N_` so `pybabel extract` finds them; kept apart from `texts` so that the
pages built alongside each other do not edit one module."""

from __future__ import annotations

from bot.i18n.texts import N_

NAV_SUPERVISION = N_("Supervision")
NAV_AUDIT = N_("Audit")
# Not "Staff", which is also one member in a column: the whole team here.
NAV_STAFF = N_("Staff members")
NAV_SERVICES = N_("Services")

PAGE_REFUSED = N_("This page is for supervisors and admins.")
PAGE_ADMINS = N_("This page is for admins.")
SAVED = N_("Saved.")

SUPERVISION_TITLE = N_("Supervision")
SUPERVISION_UPDATED = N_("Updated by itself every 15 seconds.")
REASSIGN = N_("Reassign")
REASSIGN_TO = N_("Reassign case #%(id)s to")
BACK_TO_QUEUE_OPTION = N_("back to the queue")

AUDIT_TITLE = N_("Audit log")
AUDIT_FILTERS = N_("Filter")
AUDIT_STAFF = N_("Staff code")
AUDIT_CASE = N_("Case number")
AUDIT_ACTION = N_("Action")
AUDIT_ANY = N_("any")
AUDIT_APPLY = N_("Show")
AUDIT_NEWER = N_("Newer")
AUDIT_OLDER = N_("Older")
# Actions of the console's admin pages, for the audit log.
ACTIONS = {
    "staff-invited": N_("member invited"),
    "staff-changed": N_("member's role or languages changed"),
    "staff-reinvited": N_("member invited again"),
    "staff-deactivated": N_("member deactivated"),
    "staff-put-on-duty": N_("put on duty"),
    "staff-taken-off-duty": N_("taken off duty"),
    "duty.rota_on": N_("went on duty by the rota"),
    "duty.rota_off": N_("went off duty by the rota"),
    "rota-slot-added": N_("shift added to the rota"),
    "rota-slot-removed": N_("shift removed from the rota"),
    "service_added": N_("service added"),
    "service_edited": N_("service edited"),
    "service_activated": N_("service reactivated"),
    "service_deactivated": N_("service deactivated"),
    "service_verified": N_("service verified"),
}

STAFF_TITLE = N_("Staff members")
STAFF_NAME = N_("Name")
STAFF_ROLE = N_("Role")
STAFF_LANGUAGES = N_("Languages")
STAFF_GENDER = N_("Gender")
STAFF_TIMEZONE = N_("Time zone")
STAFF_ON_DUTY = N_("On duty")
STAFF_LINKED = N_("Linked")
STAFF_DEACTIVATED = N_("Deactivated")
STAFF_OPEN = N_("Open cases")
STAFF_ACTIONS = N_("Change")
YES = N_("yes")
NO = N_("no")
INVITE_WAITING = N_("invite waiting until %(day)s")
GENDERS = {"": N_("not given"), "female": N_("female"), "male": N_("male")}
DUTY_ROTA = N_("Duty rota")
DUTY_ON = N_("on duty")
DUTY_OFF = N_("off duty")
NOBODY_ON_DUTY = N_("Nobody is on duty.")
PUT_ON_DUTY = N_("Put on duty")
TAKE_OFF_DUTY = N_("Take off duty")
SAVE_CHANGES = N_("Save")
INVITE_TITLE = N_("Invite a new member")
INVITE_BUTTON = N_("Create the invite")
INVITE_AGAIN = N_("New invite")
INVITED_TITLE = N_("Invite for %(name)s (%(code)s)")
INVITED = N_(
    "Give this to them in person or over a safe channel. It is shown only now and works "
    "once, within 7 days: they send this to the bot from their own Telegram."
)
DEACTIVATE = N_("Deactivate")
DEACTIVATE_TITLE = N_("Deactivate %(name)s (%(code)s)?")
DEACTIVATE_WARNING = N_(
    "They lose access at once: signed out of the console, off duty, no more messages "
    "about cases. Their %(count)s open cases go back to the queue."
)
DEACTIVATE_CONFIRM = N_("Yes, deactivate")
CANCEL = N_("Cancel")
ROTA_NOTE = N_(
    "Members go on and off duty here or with /duty in the bot. Each week, the rota puts a "
    "member on duty when one of their shifts starts and off when it ends, in their own time "
    "zone; duty set by hand is left as it is."
)
ROTA_SHIFTS = N_("Weekly shifts")
ROTA_NO_SHIFTS = N_("No shifts.")
ROTA_DAY = N_("Day")
ROTA_FROM = N_("From")
ROTA_TO = N_("To")
ROTA_ADD = N_("Add shift")
ROTA_REMOVE = N_("Remove")
ROTA_OVERNIGHT = N_("An end before the start runs past midnight.")

ERROR_NAME = N_("Type a name of 1 to 100 characters.")
ERROR_ROLE = N_("Choose a role.")
ERROR_LANGUAGES = N_("Choose at least one language.")
ERROR_GENDER = N_("Choose one of the options.")
ERROR_TIMEZONE = N_("Type a time zone such as Asia/Almaty, or leave it empty.")
ERROR_SELF = N_("You cannot change your own role or deactivate yourself here.")
ERROR_NOT_LINKED = N_("Only a linked, active member can be on duty.")
ERROR_NO_MEMBER = N_("There is no such member.")
FORM_HAS_ERRORS = N_("Please correct the marked fields.")

SERVICES_TITLE = N_("Service directory")
SERVICE_COUNTRY = N_("Country")
SERVICE_CATEGORY = N_("Category")
SERVICE_NAME = N_("Name")
SERVICE_CONTACT = N_("Contact")
SERVICE_LANGUAGES = N_("Languages")
SERVICE_REGION = N_("City or region")
SERVICE_OFFERS = N_("What they offer")
SERVICE_HOURS = N_("Hours")
SERVICE_NOTES = N_("Notes for staff")
SERVICE_VERIFIED = N_("Verified")
SERVICE_NEVER = N_("never")
SERVICE_SAMPLE = N_("sample entry")
SERVICE_INACTIVE = N_("deactivated")
SERVICE_ALL = N_("all")
SERVICE_ADD = N_("Add a service")
SERVICE_EDIT = N_("Edit")
SERVICE_EDIT_TITLE = N_("Edit %(name)s")
SERVICE_SAVE = N_("Save the service")
SERVICE_VERIFY = N_("Mark verified today")
SERVICE_DEACTIVATE = N_("Deactivate")
SERVICE_REACTIVATE = N_("Reactivate")
SERVICES_NONE = N_("No services match.")
SERVICE_ERRORS = {
    "category": N_("Choose a category."),
    "country": N_("Choose a country."),
    "languages": N_("Choose at least one language."),
    "name": N_("Type a name of 1 to 200 characters."),
    "contact": N_("Type a contact of 1 to 300 characters."),
    "region": N_("At most 128 characters."),
    "hours": N_("At most 200 characters."),
}
