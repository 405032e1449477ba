"""The bot's own sentences. Marked with `N_` so `pybabel extract` finds them; translated
at the moment of use with the person's locale."""

from __future__ import annotations


def N_(message: str) -> str:
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Like N_, for a sentence with a number in it: both English forms."""
    return singular, plural


# Stands for {organisation} in the consent while QADAM_ORGANISATION_NAME is unset, which
# production refuses: a development setup must not pass for a real service.
ORGANISATION_UNSET = N_("nobody yet: this is a test setup, not a real service")

# Before consent only: afterwards typed words at a question get UNPLACED and a counsellor.
REASK_CHOOSE = N_("Please choose one of the buttons below. If you need help now, send /help.")
REASK_NUMBER = N_("Please send a number, for example 3.")
REASK_TIME = N_("Please type a time like 09:30.")
REASK_TIMERANGE = N_("Please type two different times, like 22:00-08:00.")
# The note before a question asked again, by `Ask.reask` (bot.engine.effects.Reask).
REASK = {
    "choose": REASK_CHOOSE,
    "number": REASK_NUMBER,
    "time": REASK_TIME,
    "timerange": REASK_TIMERANGE,
}
NOT_TEXT = N_("I can only read text messages.")
# Medium and low risk signals, and words the bot cannot place (bot.app.typed).
SIGNAL_THANKS = N_("Thank you for telling me. It matters, and so do you.")
SIGNAL_PASSED_ON = N_("What you wrote has been passed on, and a counsellor will read it.")
SIGNAL_HELP = N_("Whenever you need it, /help shows who you can call and offers a counsellor.")
UNPLACED = N_(
    "I cannot answer what you wrote myself, but a person can: choose “Talk to a counsellor "
    "now” below, or send /help at any time."
)
# Quick exit (bot.app.quick_exit): the button on sensitive screens, and the one line left
# in the chat afterwards, which must say nothing about what was there.
CLEAR_CHAT = N_("Clear this chat")
CLEARED = N_("Hello! Send /menu whenever you like.")
# When a person turns Telegram's auto-delete timer on or off (bot.app.quick_exit).
DISAPPEARING_ON = N_(
    "Thank you: Telegram will now delete the messages in this chat by itself after the "
    "time you chose. To clear the chat at once, /clear is still there."
)
DISAPPEARING_ALREADY_ON = N_(
    "I see that Telegram already deletes the messages in this chat by itself, after the "
    "time you chose. To clear the chat at once, /clear is still there."
)
DISAPPEARING_OFF = N_(
    "Telegram no longer deletes the messages in this chat by itself. /clear still clears "
    "the chat whenever you need."
)
# /mydata (bot.app.mydata): a few lines in the chat, and the whole as a file.
MYDATA_INTRO = N_("This is everything Qadam holds about you:")
MYDATA_ANSWERS = N_("Answers you gave")
MYDATA_MEASURES = N_("Questionnaires")
MYDATA_SCHEDULES = N_("Scheduled check-ins")
MYDATA_CASES = N_("Times you asked for a counsellor")
MYDATA_CASES_NOTICED = N_(
    "Times Qadam asked a counsellor to write to you after your words or answers"
)
MYDATA_FILE = N_(
    "The file below holds all of it, with your own words. Qadam does not keep your Telegram "
    "name, number or id. /forget deletes it all."
)
MYDATA_CAPTION = N_("Your data from Qadam")
# /history (bot.app.history).
HISTORY_TITLE = N_("Your mood over time")
HISTORY_MOODS = N_("Last %(days)d days: %(count)d check-ins, average mood %(average)s of 5")
HISTORY_NO_MOODS = N_("Last %(days)d days: no mood check-ins")
HISTORY_RESULT = N_("%(name)s: %(total)d (%(date)s)")
# One chart for each period of `bot.app.history.PERIODS`, in that order.
HISTORY_CAPTIONS = (
    N_("Your mood, last 30 days: 1 is very low, 5 is good"),
    N_("Your mood, last 90 days: 1 is very low, 5 is good"),
)
HISTORY_SCORES_CAPTION = N_("%(name)s, last %(days)d days: your scores")
HISTORY_BANDS_CAPTION = N_("The lines show where each range begins: %(bands)s")
HISTORY_CHILD = N_("Check-ins about your child in the last 90 days: %(count)d")
HISTORY_CHILD_CAPTION = N_(
    "Your child's weeks, last 90 days: sleep (blue), play (green), fears (orange); "
    "3 is the best, 1 the hardest"
)
# Discreet mode: the first line of every message, all a lock screen shows of it.
DISCREET_FIRST_LINE = N_("A message for you")
# The flows' button for a counsellor, as each language words it there: in discreet mode it
# is recognised by these words and shown neutral (bot.domain.messaging.discreet_label).
FLOW_TALK = N_("Talk to a counsellor")
FLOW_TALK_ABOUT_CHILD = N_("Talk to a counsellor about my child")
# What those buttons, and "End the conversation", say in discreet mode.
DISCREET_TALK = N_("Talk to someone")
DISCREET_FINISH = N_("Finish")
STALE_BUTTON = N_("Sorry, that button belongs to an earlier message.")
SLOW_DOWN = N_(
    "That is a lot of messages at once, and I need a moment to read them. Please write a "
    "little more slowly; anything urgent still reaches a counsellor, and /help works."
)
SOMETHING_WRONG = N_(
    "Sorry, something went wrong on our side. Your earlier answers are safe. "
    "Please try again in a moment."
)
PRIVATE_ONLY = N_(
    "I only work in private chats, so that what people tell me stays private. "
    "Please write to me directly. I am leaving this group now."
)
HELP_CALM = N_("A calming exercise")
HELP_BACK = N_("Continue where I was")
HELP_MENU = N_("Main menu")

# The crisis card (bot.app.crisis), for /help and for every risk escalation: calm, no
# judgement, urgent safety first, and concrete things to do besides the numbers.
CRISIS_INTRO = N_(
    "You are not alone. If you are in danger right now, or feel you might hurt yourself, "
    "please call the emergency number below straight away."
)
CRISIS_INTRO_ABUSE = N_(
    "You are not alone, and what is happening is not your fault. If someone is hurting or "
    "threatening you and you are in danger now, call the emergency number below straight "
    "away."
)
CRISIS_PHONE_SAFETY = N_(
    "If someone may look at your phone: Telegram lets you delete this chat, and you can "
    "keep it out of your chat list by archiving it. Call from a phone the person does not "
    "check if you can."
)
CRISIS_INTRO_HARM_OTHERS = N_(
    "Thank you for saying this: it is a brave and responsible thing to do. If you feel you "
    "might hurt someone, a child too, step away now: go to another room or outside, and "
    "make sure the child is safe with another adult or in a safe place. Breathe slowly. If "
    "someone is in danger right now, call the emergency number below."
)
CRISIS_INTRO_NEED = N_(
    "You are not alone. If someone's life or health is in danger right now, call the "
    "emergency number below straight away."
)
CRISIS_CONTACTS = N_("You can call:")
# When a programme's line is a Telegram account, some of the card is not a number to call.
CRISIS_CONTACTS_WRITE = N_("You can call or write to:")
CRISIS_FREE = N_("free")
CRISIS_TOLD = N_(
    "Your message has been passed on for a counsellor, who will write to you here, in this "
    "chat. While you wait, the buttons below can help."
)
CRISIS_OFFER = N_(
    "If you would like to talk to a person, a counsellor can write to you here, in this chat."
)
CRISIS_ASK = N_("What would help right now?")
CRISIS_TALK = N_("Talk to a counsellor now")
CRISIS_GROUNDING = N_("Grounding: back to the here and now")

LIBRARY_TITLE = N_("Self-help library")
LIBRARY_INTRO = N_("Short exercises of one to three minutes. Choose a topic.")
LIBRARY_DONE = NP_("You have tried %(num)d exercise.", "You have tried %(num)d exercises.")
LIBRARY_SUGGESTED = N_("Suggested next: %(title)s")
LIBRARY_ALL_DONE = N_("You have tried every exercise here. Come back to any of them.")
LIBRARY_MINUTES = NP_("%(num)d min", "%(num)d min")
LIBRARY_ALL_TOPICS = N_("All topics")
TOPICS = {
    "understand": N_("Understanding stress"),
    "calm": N_("Calming down"),
    "sleep": N_("Sleep"),
    "problems": N_("Worries and problems"),
    "activity": N_("Getting going"),
    "people": N_("People around you"),
    "loss": N_("Grief and loss"),
    "feelings": N_("Anger and strong feelings"),
    "kindness": N_("Being kind to yourself"),
    "safety": N_("Staying safe"),
    "parenting": N_("Supporting your child"),
}

PLAN_TITLE = N_("My safety plan")
PLAN_CHANGED = N_("Last changed on %(date)s")
PLAN_NONE = N_(
    "You have not made a safety plan yet. It takes a few minutes, and it can help on a hard day."
)
PLAN_MAKE = N_("Make my plan")
PLAN_CHANGE = N_("Change my plan")
PLAN_PARTS = {
    "plan_warning_signs": N_("Warning signs"),
    "plan_coping": N_("Things I can do myself"),
    "plan_distractions": N_("People and places that take my mind off things"),
    "plan_people": N_("People who can help"),
    "plan_professionals": N_("Professionals and crisis lines"),
    "plan_safe_environment": N_("Making my surroundings safer"),
}

# Scheduled messages. The first line is all a lock screen shows, so it says nothing about
# moods or feelings: a shared phone must not give anyone away.
REMINDER = N_("Time for your check-in 🌱")
REMINDER_AGAIN = N_("Your check-in is still here whenever you are ready 🌱")
REMINDER_START = N_("Check in now")
REMINDER_LATER = NP_("In %(num)d hour", "In %(num)d hours")
SNOOZED = NP_(
    "Okay, I will remind you in %(num)d hour.", "Okay, I will remind you in %(num)d hours."
)
PAUSE_ASK = N_("For how long should I pause scheduled messages?")
PAUSE_WEEK = N_("For a week")
PAUSE_OPEN = N_("Until I turn them back on")
PAUSED_UNTIL = N_(
    "Scheduled messages are paused until %(date)s. Send /resume to turn them back on sooner."
)
PAUSED_OPEN = N_("Scheduled messages are paused. Send /resume to turn them back on.")
RESUMED = N_("Scheduled check-ins are back on.")
RESUMED_NO_TIME = N_(
    "Scheduled check-ins are back on, but you have no reminder time yet. "
    "You can choose one in /settings."
)
STOPPED = N_(
    "You will not get scheduled messages any more. You can still write to me at any time, "
    "and /resume turns them back on."
)

# What staff see about a case: severity, reasons, the person's short code, language and
# time waiting. Never anything that could say who the person is.
CASE_SEVERITY = {
    "critical": N_("Critical"),
    "high": N_("High"),
    "medium": N_("Medium"),
    "low": N_("Low"),
}
CASE_OVERDUE = N_("not acknowledged in time")
CASE_PERSON = N_("Person")
CASE_REASONS = N_("Reasons")
CASE_PROFILE = N_("About them")
# What raised a case, in words (bot.escalation.reasons): risk categories, then codes.
REASON_WORDS = {
    "suicide": N_("thoughts of suicide or of not wanting to live"),
    "self_harm": N_("self-harm"),
    "harm_others": N_("fear of harming someone"),
    "abuse": N_("violence, threats or abuse"),
    "acute_need": N_("an urgent need (health, food, shelter)"),
    "asked-for-counsellor": N_("asked for a counsellor"),
    "checkin-risk-question": N_("said yes to thoughts of harming themselves (check-in)"),
    "safety-plan-needs-help": N_("asked for help while making a safety plan"),
    "mood-low-3": N_("three low moods in a row"),
    "mood-drop": N_("a sharp drop in mood"),
    "missed-checkins": N_("missed several check-ins in a row"),
    "phq9-item9": N_("thoughts of death or self-harm (PHQ-9 item 9)"),
    "child-at-risk": N_("their child speaks of hurting themselves or not wanting to live"),
    "child-severe-distress": N_(
        "their child sleeps badly, hardly plays and is often afraid (check-in about the child)"
    ),
}
REASON_QUESTIONNAIRE = N_("questionnaire %(name)s: %(result)s")
# The questionnaires as clinicians write their names, the same in every language.
INSTRUMENT_NAMES = {
    "phq2": "PHQ-2",
    "phq9": "PHQ-9",
    "gad2": "GAD-2",
    "gad7": "GAD-7",
    "who5": "WHO-5",
    "cries8": "CRIES-8",
    "pcptsd5": "PC-PTSD-5",
}
# Band ids of the instruments in flows/instruments; an unknown id is shown as it is.
QUESTIONNAIRE_BANDS = {
    "minimal": N_("minimal"),
    "mild": N_("mild"),
    "moderate": N_("moderate"),
    "moderately-severe": N_("moderately severe"),
    "severe": N_("severe"),
    "low": N_("low"),
    "poor": N_("poor"),
    "good": N_("good"),
    "positive": N_("positive screen"),
    "negative": N_("negative screen"),
}
AGE_BANDS = {
    "child": N_("a child"),
    "adolescent": N_("a teenager"),
    "adult": N_("an adult"),
}
ROLE_SELF = N_("writes about themselves")
ROLE_CAREGIVER = N_("writes about a child aged %(band)s")
ROLE_CAREGIVER_SEVERAL = N_("writes about children aged %(bands)s")
# With several children, the one a case most likely concerns: the last spoken about.
ROLE_CAREGIVER_LATEST = N_("last spoke about the child aged %(band)s")
# A caregiver's tie to the children (profile field `relationship`).
RELATIONSHIPS = {
    "mother": N_("mother"),
    "father": N_("father"),
    "grandparent": N_("grandparent"),
    "relative": N_("aunt, uncle or other relative"),
    "other": N_("another adult who looks after them"),
}
CASE_WAITING = NP_("Waiting %(num)d minute", "Waiting %(num)d minutes")
CASE_CLAIM = N_("Claim")
CASE_RESOLVE = N_("Resolve")

# Staff, in their own chat with the bot.
STAFF_LINKED = N_(
    "You are linked as %(role)s %(code)s. Send /duty when you start a shift: new cases "
    "then come to you here."
)
STAFF_ALREADY = N_("You are already linked as %(role)s %(code)s.")
STAFF_ROLES = {
    "counsellor": N_("counsellor"),
    "supervisor": N_("supervisor"),
    "admin": N_("admin"),
    "editor": N_("editor"),
}
STAFF_BAD_INVITE = N_(
    "That invite code is not valid or has expired. Ask an admin for a new one (qadam staff add)."
)
# After too many wrong invite codes, from this account or from everyone (invite_limits).
STAFF_INVITE_PAUSED = NP_(
    "There have been too many tries with a wrong invite code, so I have paused them for a "
    "while. Please try again in %(num)d minute.",
    "There have been too many tries with a wrong invite code, so I have paused them for a "
    "while. Please try again in %(num)d minutes.",
)
# To a deactivated member, whatever they send (qadam staff deactivate).
STAFF_DEACTIVATED = N_(
    "Your staff access has ended, so this was not done. If you are coming back, ask an "
    "admin for a new invite."
)
STAFF_ON_DUTY = N_("You are on duty: new cases come to you. Send /duty again to go off duty.")
STAFF_OFF_DUTY = N_("You are off duty: new cases go to colleagues on duty.")
STAFF_HELP = N_(
    "To write to a person, reply to their case message or send /reply CODE text. "
    "/end CODE ends the conversation, /note CODE text keeps a note on the case, "
    "/case CODE shows the case and its notes, /reopen CODE opens a resolved case again. "
    "/cases lists the open cases you may take. /duty turns your shift on or off."
)
STAFF_WAITING = N_(
    "Cases waiting for someone on duty: %(count)s. The most urgent follow, each with Claim."
)
# Why a slot of the duty rota is refused (shown in the console beside the field).
ROTA_ERROR_WEEKDAY = N_("Choose a day of the week.")
ROTA_ERROR_TIME = N_("Type a time like 09:00.")
ROTA_ERROR_SAME = N_("A shift ends at a different time than it starts.")
ROTA_ERROR_TOO_MANY = N_("This member has as many shifts as the rota holds; remove one first.")
STAFF_CASES_TITLE = N_("Open cases, most urgent first:")
STAFF_CASES_NONE = N_("There are no open cases for you.")
STAFF_SUPERVISOR_RESOLVES = N_(
    "Case %(code)s has a concern about the conversation for a supervisor to review; a "
    "supervisor will resolve it."
)
CASE_NOBODY_YET = N_("nobody yet")
STAFF_PERSON_ERASED = N_(
    "The person in case %(code)s has deleted everything the bot held about them. The "
    "conversation has ended and the case is closed; nothing of it can be shown any more."
)
STAFF_CASE_ERASED = N_("This case was closed: the person deleted their data.")
STAFF_CLAIMED = N_(
    "You have case %(code)s. Reply to its message, or send /reply %(code)s and your text, "
    "to write to the person."
)
STAFF_TAKEN = N_("A colleague has already claimed this case.")
STAFF_RESOLVED_AS = N_("Case %(code)s is resolved: %(outcome)s.")
STAFF_HOW_ENDED = N_("How did case %(code)s end? Choose one to resolve it.")
# How a case ended (cases.OUTCOMES), as staff read it on the console and in Telegram.
CASE_OUTCOMES = {
    "supported": N_("Supported"),
    "referred": N_("Referred to a service"),
    "no_contact": N_("No contact"),
    "escalated_for_safety": N_("Escalated for safety"),
    "erased": N_("The person deleted their data"),
}
CASE_NO_OUTCOME = N_("no outcome given")
STAFF_NO_CASE = N_("No open case with the code %(code)s.")
STAFF_NO_CASE_EVER = N_("No case with the code %(code)s.")
STAFF_NOT_YOURS = N_("Case %(code)s is a colleague's; ask a supervisor if you need it.")
STAFF_PERSON_ENDED = N_("%(code)s ended the conversation. Resolve the case when you are ready.")
STAFF_ENDED = N_(
    "You ended the conversation with %(code)s. The case stays yours until you resolve it."
)
STAFF_NOT_TALKING = N_("There is no conversation with %(code)s to end.")
STAFF_UNSAFE = N_(
    "⚠️ The person in case %(code)s said something in their conversation with a counsellor "
    "made them feel unsafe or uncomfortable. Please review the case (/case %(code)s)."
)
STAFF_NOTE_SAVED = N_("Note saved on %(code)s.")
STAFF_REOPENED = N_("Case %(code)s is open again, and yours.")
STAFF_NOT_RESOLVED = N_("Case %(code)s is not resolved.")
CASE_STATUS = {
    "open": N_("Open"),
    "claimed": N_("Claimed"),
    "resolved": N_("Resolved"),
}
CASE_OPENED = N_("Opened")
CASE_WORDS = N_("Their words")
CASE_NOTES = N_("Notes")
CASE_FEEDBACK = N_("Their feedback")
CASE_FELT_UNSAFE = N_("felt unsafe")
STAFF_SENT = N_(
    "Queued for %(code)s: it goes out in a moment. If it cannot be delivered, you will be "
    "told here."
)
STAFF_NOT_DELIVERED = N_(
    "Your message to %(code)s could not be delivered: Telegram refused it, or the person "
    "can no longer be reached. The case stays open."
)
STAFF_FROM_PERSON = N_("%(code)s writes:")
COUNSELLOR_SAYS = N_("Your counsellor:")
RELAY_END = N_("End the conversation")
RELAY_ENDED_BY_PERSON = N_(
    "You have ended the conversation with the counsellor. To talk again, send /help and "
    "choose “Talk to a counsellor now”."
)
RELAY_ENDED_BY_COUNSELLOR = N_(
    "Your counsellor has ended the conversation. Thank you for talking. To talk again, send "
    "/help and choose “Talk to a counsellor now”."
)
RELAY_NOT_TALKING = N_(
    "You are not talking with a counsellor right now. To ask for one, send /help."
)

# After a conversation with a counsellor: how it went, and whether anything felt unsafe.
FEEDBACK_ASK = N_("Was the conversation helpful for you?")
FEEDBACK_RATINGS = {
    3: N_("Yes, it helped"),
    2: N_("A little"),
    1: N_("Not really"),
}
FEEDBACK_UNSAFE_ASK = N_("Did anything in the conversation make you feel unsafe or uncomfortable?")
FEEDBACK_YES = N_("Yes")
FEEDBACK_NO = N_("No")
FEEDBACK_UNSAFE_THANKS = N_(
    "Thank you for telling us. A supervisor will look at this conversation. You do not "
    "have to explain anything."
)
FEEDBACK_THANKS = N_("Thank you. This helps us do better.")

# When a reply may come, said honestly whenever a counsellor is asked to write.
REPLY_ON_DUTY = N_(
    "A counsellor is on duty now and has been told. They aim to see your message within %(within)s."
)
REPLY_OFF_DUTY = N_(
    "No counsellor is on duty right now, so a reply may take longer: they will write here "
    "when they are next at work."
)

# The command menus Telegram shows beside the message box (bot.app.menus), in this order.
# Telegram allows 3-256 characters; neutral words, as a shared phone may show them.
PEOPLE_COMMANDS = {
    "start": N_("Begin, or back to the menu"),
    "menu": N_("Main menu"),
    "help": N_("Help now, and a counsellor"),
    "library": N_("Self-help exercises"),
    "myplan": N_("My safety plan"),
    "plan": N_("My plan with a counsellor"),
    "services": N_("Services near me"),
    "settings": N_("Language, check-in time, profile"),
    "language": N_("Change language"),
    "pause": N_("Pause scheduled check-ins"),
    "resume": N_("Turn scheduled check-ins back on"),
    "stop": N_("Stop scheduled check-ins"),
    "end": N_("End the conversation with a counsellor"),
    "forget": N_("Delete everything about me"),
    "clear": N_("Clear the last two days of this chat"),
    "mydata": N_("Everything Qadam holds about me"),
    "history": N_("My mood over time"),
}
STAFF_COMMANDS = {
    "duty": N_("Start or end your shift"),
    "cases": N_("Open cases you may take"),
    "case": N_("Show a case: /case CODE"),
    "reply": N_("Write to a person: /reply CODE text"),
    "note": N_("Keep a note on a case: /note CODE text"),
    "end": N_("End a conversation: /end CODE"),
    "reopen": N_("Open a resolved case again: /reopen CODE"),
    "console": N_("A one-time link to the web console"),
}

# /plan: the individual plan a counsellor agreed with the person (bot.app.plans). Goals are
# shown as the counsellor wrote them; everything else in the person's language.
CARE_PLAN_TITLE = N_("Your plan")
CARE_PLAN_NONE = N_(
    "You do not have a plan with a counsellor yet. If you would like to make one together, "
    "send /help and choose to talk to a counsellor."
)
CARE_PLAN_GOALS = N_("What we agreed:")
CARE_PLAN_CHECKIN = N_("Check-in: %(title)s, %(every)s, until %(date)s.")
CARE_PLAN_EVERY_DAY = N_("every day")
CARE_PLAN_EVERY_WEEK = N_("every week")
CARE_PLAN_EVERY_DAYS = NP_("every %(num)d day", "every %(num)d days")
CARE_PLAN_EVERY_WEEKS = NP_("every %(num)d week", "every %(num)d weeks")
CARE_PLAN_MODULES = N_("Exercises chosen for you are below.")
LIBRARY_FROM_PLAN = N_("📌 From your plan: the exercises your counsellor chose with you.")
CARE_PLAN_REVIEW = N_("You and your counsellor will look at the plan again around %(date)s.")

# /services: the directory of local services, by category (bot.app.directory).
SERVICES_TITLE = N_("Services that can help. What are you looking for?")
SERVICES_NONE = N_(
    "There are no services listed for your country yet. A counsellor can help you find "
    "one: send /help."
)
SERVICES_ALL = N_("All kinds of help")
SERVICE_CATEGORIES = {
    "health": N_("Health"),
    "mental_health": N_("Emotional support"),
    "legal_aid": N_("Legal help"),
    "documents": N_("Documents"),
    "school": N_("School"),
    "work": N_("Work"),
    "social_support": N_("Social support"),
    "women": N_("For women"),
    "children": N_("For children"),
}
# The countries a person or a service can be in, as staff read them (bot.directory.common).
COUNTRY_NAMES = {
    "KZ": N_("Kazakhstan"),
    "KG": N_("Kyrgyzstan"),
    "UZ": N_("Uzbekistan"),
    "TJ": N_("Tajikistan"),
    "other": N_("Another country"),
}
SERVICE_CONTACT = N_("Contact")
SERVICE_HOURS = N_("Hours")
SERVICE_WHERE = N_("Where")
SERVICE_LANGUAGES = N_("Languages")
SERVICE_VERIFIED = N_("Details checked on %(date)s")
SERVICE_NOT_VERIFIED = N_("Details not checked yet: please confirm them when you get in touch.")

# Referrals (bot.app.referrals): the card from a counsellor, and the question days later.
REFERRAL_INTRO = N_("Your counsellor thought this could help you:")
REFERRAL_ASK = N_("Some days ago your counsellor suggested %(name)s. Did you manage to reach them?")
REFERRAL_REACHED = N_("Yes")
REFERRAL_NOT_REACHED = N_("Not yet")
REFERRAL_NO_ANSWER = N_("I'd rather not say")
REFERRAL_THANKS = {
    "reached": N_("Thank you for letting me know. I am glad you reached them."),
    "not_reached": N_(
        "Thank you for telling me. Your counsellor will know, and can help if something got "
        "in the way."
    ),
    "no_answer": N_("That is fine. Thank you."),
}

# To staff: a referral sent and answered, a plan due for review, a quiet word after a
# critical case.
STAFF_REFERRAL_SENT = N_("%(code)s was sent this service:")
STAFF_REFERRAL_ANSWER = N_("%(code)s, about %(name)s: %(answer)s")
STAFF_REFERRAL_OUTCOMES = {
    "reached": N_("reached them"),
    "not_reached": N_("has not reached them yet"),
    "no_answer": N_("would rather not say"),
}
STAFF_REVIEW_DUE = N_("The plan of %(code)s is due for review (%(date)s).")
STAFF_CARE_BREAK = N_(
    "You have just closed a very hard case. Thank you for the care you gave. If you can, "
    "take a short break, and talk it over with a supervisor if it stays with you."
)
