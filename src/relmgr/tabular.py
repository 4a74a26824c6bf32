"""The tabular shape of each record, for export and import (SPEC §10).

For every entity: its columns in export order (SPEC §3 names; the client is referred to by name
in `client`, the contact by name in `contact`), how each column is typed, and what other CRMs
call it. Header names are compared after folding case and dropping spaces, dots, dashes and
underscores, so "Account Name", "account_name" and "ACCOUNTNAME" are one header. Aliases cover
the usual Salesforce, HubSpot and Odoo export headers (and many of Pipedrive, Zoho, Dynamics,
SuiteCRM, EspoCRM, Twenty and the help desks); `--map COL=FIELD` covers the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

ENTITIES = (
    "clients", "contacts", "interactions", "followups", "complaints", "contracts", "opportunities", "feedback",
    "competitors",
)  # fmt: skip


@dataclass(frozen=True)
class Entity:
    name: str
    table: str
    columns: tuple[tuple[str, str], ...]  # (field, kind) in export order
    aliases: dict[str, str] = field(default_factory=dict)  # folded header -> field
    required: tuple[str, ...] = ()

    @cached_property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def kind(self, name: str) -> str:
        return dict(self.columns)[name]


_PUNCTUATION = re.compile(r"[\s._\-/()#:]+")


@lru_cache(maxsize=4096)  # also the key of values in words (a Type of "Customer - Direct"), read a row at a time
def fold_header(text: str) -> str:
    """The key a header is matched by: case folded, without spaces and punctuation."""
    return _PUNCTUATION.sub("", text.strip().lstrip("\ufeff")).casefold()


def _aliases(**groups: str) -> dict[str, str]:
    """field=\"Header One|Header Two\" -> {folded header: field}."""
    return {fold_header(header): name for name, headers in groups.items() for header in headers.split("|")}


COMMON = _aliases(
    created_at="created at|created|created date|create date|createddate|date created|created time|created on|add time"
    "|date entered|creation date",
    updated_at="updated at|updated|last modified date|last modified|modified date|last modified time|modified time"
    "|modified on|(do not modify) modified on|last update time|last updated|last update|update time|date modified",
)
CLIENT_REF = (
    "client|account|account name|company|company name|associated company|related company|parent company"
    "|organization|organisation|customer|related to|company / account"
    # another system's id of the client, matched against the external id (Salesforce's Data Loader
    # writes a contact's AccountId, not the account's name)
    "|account id|company id|organization id|organisation id|associated company id"
)
CONTACT_REF = "contact|contact name|person|who|associated contact"
# the country's dialling prefix a CRM keeps apart from the number (Twenty's "+33")
CALLING_CODE = "calling code|phone calling code|country calling code|dial code|phones / primary phone calling code"
IS_COMPANY = "is a company|is company|company type"  # Odoo keeps companies and their people in one list
# Free text that a file may spread over two columns (a Salesforce task's Subject and Comments): the
# columns are joined, where other fields read a second column only when the first is empty.
PROSE = frozenset({"summary", "notes", "note", "description", "resolution", "comment"})
# Columns a file may have that are no field of their own but fill others (`rows._pseudo_fields`):
# a person's first and last name, a survey's score column, Odoo's "Is a Company", a phone's calling
# code, a help desk's time to its first reply.
PSEUDO = {
    "clients": ("is_company", "calling_code"),
    "contacts": ("first_name", "last_name", "is_company", "calling_code"),
    "feedback": ("csat", "nps"),
    "complaints": ("first_reply_minutes", "first_reply_hours"),
}
PROSE_JOIN = " — "

SPECS: dict[str, Entity] = {
    "clients": Entity(
        "clients", "clients",
        (("id", "id"), ("name", "text"), ("status", "status"), ("tier", "tier"), ("industry", "text"),
         ("owner", "text"), ("backup", "text"), ("email", "email"), ("phone", "text"), ("website", "text"),
         ("city", "text"), ("country", "text"), ("source", "text"), ("rating", "rating"),
         ("external_id", "text"), ("tags", "tags"), ("notes", "text"), ("archived", "bool"),
         ("last_contact_at", "time"), ("created_at", "time"), ("updated_at", "time")),
        {**COMMON, **_aliases(
            name="name|account name|company name|company|client|client name|customer|customer name|organization"
                 "|organisation|display name|partner",
            status="status|type|account type|lifecycle stage|customer status|relationship type|lead status",
            tier="tier|segment|account tier|priority|customer tier",
            industry="industry|sector",
            # SuiteCRM's (and SugarCRM's) user name; its "Assigned User" may hold the user's id
            owner="owner|account owner|company owner|hubspot owner|salesperson|account manager|owner name"
                  "|assigned user name|lead owner",
            backup="backup|backup owner|deputy|cover",
            email="email|email address|company email|e-mail|email1",
            phone="phone|phone number|company phone|telephone|mobile|main phone|office phone|phone office"
                  "|phones / primary phone number",
            calling_code=CALLING_CODE,
            # Pipedrive writes its address parts as "City/town/village/locality of Address"
            # Twenty writes a link's parts as "Domain Name / Primary Link Url"
            website="website|web site|url|company domain name|domain|site|web domain|domain name primary link url"
                    "|domain name link url|domain domain url|links primary link url|website primary link url",
            city="city|billing city|shipping city|town|address 1: city|address1 city|city/town/village/locality"
                 "|city/town/village/locality of address|billing address city|shipping address city|address / city",
            country="country|billing country|shipping country|country/region|country region"
                    "|address 1: country/region|address 1: country|country of address|billing address country"
                    "|shipping address country|address / country",
            source="source|account source|lead source|original source|original traffic source",
            rating="rating|score",
            external_id="external id|record id|account id|company id|crm id|sf id|salesforce id|hubspot id"
                        "|(do not modify) account",
            tags="tags|tag|labels|label|categories",
            notes="notes|note|description|comments|about",
            archived="archived|is archived|deleted|inactive", is_company=IS_COMPANY,
            last_contact_at="last contact at|last contact|last activity|last activity date|last activity time"
                            "|last contacted",
        )},
        ("name",),
    ),
    "contacts": Entity(
        "contacts", "contacts",
        (("id", "id"), ("client", "client"), ("name", "text"), ("title", "text"), ("email", "email"),
         ("phone", "text"), ("key", "bool"), ("notes", "text"), ("created_at", "time"), ("updated_at", "time")),
        {**COMMON, **_aliases(
            # Google Contacts writes the company as Organization Name (Organization 1 - Name in
            # older exports), the job as its Title, and numbered emails and phones
            client=f"{CLIENT_REF}|organization name|organization 1 - name",
            name="name|full name|contact name|contact|display name",
            # Twenty writes a name's parts as "Name / First Name", its first email and phone as
            # "Emails / Primary Email" and "Phones / Primary Phone Number" (the "+33" apart)
            first_name="first name|firstname|given name|first|name / first name",
            last_name="last name|lastname|surname|family name|last|name / last name",
            title="title|job title|job position|position|role|organization title|organization 1 - title",
            email="email|email address|e-mail|work email|e-mail 1 - value|e-mail address|email1"
                  "|emails / primary email",
            phone="phone|phone number|business phone|work phone|primary phone|telephone|phone 1 - value"
                  "|office phone|mobile|mobile phone|mobile phone number|phones / primary phone number",
            calling_code=CALLING_CODE,
            key="key|key contact|decision maker|primary|primary contact|is key",
            notes="notes|note|description|comments", is_company=IS_COMPANY,
        )},
        ("client", "name"),
    ),
    "interactions": Entity(
        "interactions", "interactions",
        (("id", "id"), ("client", "client"), ("contact", "contact"), ("kind", "interaction_kind"), ("at", "time"),
         ("summary", "text"), ("by", "text"), ("created_at", "time"), ("updated_at", "time")),
        {**COMMON, **_aliases(
            client=CLIENT_REF, contact=f"{CONTACT_REF}|name", kind="kind|type|activity type|channel|interaction type"
                 "|task subtype",  # Salesforce's activities: Call, Email, ListEmail, Task
            at="at|date|activity date|when|timestamp|time|date time|datetime|occurred at|meeting start time"
               "|start time|started at",
            # HubSpot exports each kind of activity apart: a call's title and notes, a meeting's
            # name and description, an email's subject and body, a note's body
            summary="summary|subject|call title|meeting name|email subject|task title|description|notes|note|body"
                    "|details|comments|full comments|call notes|meeting description|email body|note body",
            by="by|assigned to|assigned|owner|created by|logged by|user|activity assigned to",
        )},
        ("client", "summary"),
    ),
    "followups": Entity(
        "followups", "followups",
        (("id", "id"), ("client", "client"), ("contact", "contact"), ("title", "text"), ("due", "when"),
         ("every", "every"), ("owner", "text"), ("status", "followup_status"), ("done_at", "time"),
         ("note", "text"), ("complaint_id", "int"), ("opportunity_id", "int"), ("created_at", "time"),
         ("updated_at", "time")),
        {**COMMON, **_aliases(
            client=CLIENT_REF, contact=CONTACT_REF, title="title|subject|task|follow up|followup|promise"
                                                         "|task title|task subject|task name",  # HubSpot's, Zoho's
            due="due|due date|date|deadline|activity date|due at", every="every|repeat|recurrence|recurs",
            owner="owner|assigned to|assigned|assignee|task owner", status="status|state|task status",
            done_at="done at|completed|completed date|completed at|closed date", note="note|notes|comments",
        )},
        ("client", "title", "due"),
    ),
    "complaints": Entity(
        "complaints", "complaints",
        (("id", "id"), ("client", "client"), ("contact", "contact"), ("title", "text"), ("description", "text"),
         ("category", "text"), ("severity", "severity"), ("status", "complaint_status"), ("level", "level"),
         ("assignee", "text"), ("opened_at", "time"), ("responded_at", "time"), ("resolved_at", "time"),
         ("closed_at", "time"), ("resolution", "text"), ("respond_by", "time"), ("resolve_by", "time"),
         ("events", "events"), ("created_at", "time"), ("updated_at", "time")),
        {**COMMON, **_aliases(
            # Freshdesk names the ticket's requester "Full name"
            client=CLIENT_REF, contact=f"{CONTACT_REF}|requester|requester name|full name",
            title="title|subject|case subject|ticket subject|ticket name|summary",
            description="description|details|body|ticket description|case description",
            category="category|type|case type|reason|case reason|ticket type",
            severity="severity|priority|case priority|urgency", status="status|case status|ticket status|state",
            level="level|escalation level", assignee="assignee|case owner|ticket owner|assigned to|owner|agent",
            opened_at="opened at|opened|date opened|date/time opened|opened date|reported at|received at",
            # Freshdesk writes "Initial response time", "Resolved time", "Closed time" and
            # "Due by Time"; HubSpot "First agent email response date"
            responded_at="responded at|first response|first response at|first response time|initial response time"
                         "|first responded at|first agent email response date|first agent reply date",
            resolved_at="resolved at|resolved|date resolved|resolved date|solved at|date solved|resolved time",
            closed_at="closed at|date closed|closed date|date/time closed|close date|time closed|closed time",
            resolution="resolution|solution|internal comments", respond_by="respond by|response due|first response due",
            resolve_by="resolve by|resolution due|due date|due by time|due by", events="events|history",
            # a help desk's time to the first reply, when it gives no time of it: Zendesk in
            # minutes, Freshdesk in hours
            first_reply_minutes="first reply time in minutes|first response time in minutes|first reply minutes",
            first_reply_hours="first response time (in hrs)|first response time in hours|first reply time in hours",
        )},
        ("client", "title"),
    ),
    "contracts": Entity(
        "contracts", "contracts",
        (("id", "id"), ("client", "client"), ("title", "text"), ("value", "money"), ("currency", "currency"),
         ("start", "date"), ("end", "date"), ("notice_days", "days"), ("auto_renew", "bool"),
         ("status", "contract_status"), ("renewed_from", "int"), ("outcome_at", "time"), ("lost_to", "text"),
         ("reason", "text"), ("notes", "text"), ("created_at", "time"), ("updated_at", "time")),
        {**COMMON, **_aliases(
            client=CLIENT_REF, title="title|contract name|name|contract|agreement",
            value="value|amount|annual value|contract value|arr|acv|annual contract value|value per year",
            currency="currency|currency iso code|currency code",
            start="start|start date|contract start date|effective date|begins",
            end="end|end date|contract end date|expiry|expiration date|ends",
            notice_days="notice days|notice|owner expiration notice|notice period|notice period days",
            auto_renew="auto renew|auto renewal|autorenew|evergreen|renews automatically",
            status="status|contract status|state", renewed_from="renewed from", outcome_at="outcome at",
            lost_to="lost to|competitor", reason="reason|churn reason|loss reason", notes="notes|description",
        )},
        ("client", "value", "start", "end"),
    ),
    "opportunities": Entity(
        "opportunities", "opportunities",
        (("id", "id"), ("client", "client"), ("kind", "opportunity_kind"), ("title", "text"), ("value", "money"),
         ("currency", "currency"), ("status", "opportunity_status"), ("identified_at", "time"),
         ("forwarded_to", "text"), ("forwarded_at", "time"), ("closed_at", "time"), ("reason", "text"),
         ("notes", "text"), ("created_at", "time"), ("updated_at", "time")),
        {**COMMON, **_aliases(
            client=CLIENT_REF, kind="kind|type|opportunity type|deal type",
            title="title|opportunity name|deal name|name|opportunity",
            value="value|amount|deal amount|expected revenue|amount / amount",
            currency="currency|currency iso code|currency code|amount / currency|currency of value"
                     "|opportunity currency|deal currency|amount currency",
            status="status|stage|deal stage|opportunity stage",
            identified_at="identified at|identified|created date|create date|deal created",
            forwarded_to="forwarded to|sales owner|handed to",
            # Pipedrive keeps a deal's close in its won or lost time, and its expected close apart
            forwarded_at="forwarded at|handed off at", closed_at="closed at|close date|closed date|closing date"
                                                                 "|won time|lost time|close time|expected close date",
            reason="reason|loss reason|closed lost reason|lost reason", notes="notes|description|next step",
        )},
        ("client", "title"),
    ),
    "feedback": Entity(
        "feedback", "feedback",
        (("id", "id"), ("client", "client"), ("contact", "contact"), ("kind", "feedback_kind"), ("score", "int"),
         ("at", "time"), ("comment", "text"), ("by", "text"), ("created_at", "time"), ("updated_at", "time")),
        {**COMMON, **_aliases(
            client=CLIENT_REF, contact=CONTACT_REF, kind="kind|type|survey|survey type",
            score="score|rating|answer|value", csat="csat|csat score", nps="nps|nps score|likelihood to recommend",
            at="at|date|submitted at|response date|answered at|survey date",
            comment="comment|comments|feedback|verbatim",
            by="by|recorded by|owner",
        )},
        ("client", "kind", "score"),
    ),
    "competitors": Entity(
        "competitors", "client_competitors",
        (("id", "id"), ("client", "client"), ("competitor", "text"), ("note", "text"), ("created_at", "time"),
         ("updated_at", "time")),
        {**COMMON, **_aliases(
            client=CLIENT_REF, competitor="competitor|competitor name|competitors|rival|incumbent|konkurent|pesaing",
            note="note|notes|comment|comments|strengths|weaknesses|description|what we know",
        )},
        ("client", "competitor"),
    ),
}  # fmt: skip

# Headers of sheets kept by hand in Polish, Indonesian and Hindi (the languages of the people
# relmgr is for), for the fields such sheets have.
_CLIENT = "klient|firma|kontrahent|klien|perusahaan|pelanggan|ग्राहक|कंपनी"
_CONTACT = "osoba kontaktowa|osoba|kontak|narahubung|संपर्क|संपर्क व्यक्ति"
_WHEN = "data|tanggal|waktu|तारीख|दिनांक"
_NOTES = "uwagi|notatki|notatka|opis|catatan|keterangan|टिप्पणी|विवरण"
_VALUE = "wartość|wartosc|kwota|nilai|nilai kontrak|jumlah|मूल्य|राशि"
_CURRENCY = "waluta|mata uang|मुद्रा"
LOCAL = {
    "clients": _aliases(
        name=f"nazwa|nazwa firmy|nazwa klienta|nama perusahaan|nama klien|कंपनी का नाम|{_CLIENT}",
        city="miasto|miejscowość|miejscowosc|kota|शहर",
        country="kraj|negara|देश",
        owner="opiekun|opiekun klienta|właściciel|wlasciciel|pemilik|penanggung jawab|account manager|प्रबंधक",
        phone="telefon|telepon|nomor telepon|no telepon|फ़ोन|फोन",
        industry="branża|branza|industri|sektor|उद्योग",
        notes=_NOTES,
    ),
    "contacts": _aliases(
        client=_CLIENT,
        name="imię i nazwisko|imie i nazwisko|nama|nama lengkap|नाम",
        title="stanowisko|jabatan|पद",
        phone="telefon|telepon|nomor telepon|फ़ोन|फोन",
        notes=_NOTES,
    ),
    "interactions": _aliases(
        client=_CLIENT,
        contact=_CONTACT,
        at=_WHEN,
        kind="typ|rodzaj|jenis|tipe|प्रकार",
        summary=f"temat|podsumowanie|ringkasan|perihal|सारांश|{_NOTES}",
    ),
    "followups": _aliases(
        client=_CLIENT,
        contact=_CONTACT,
        title="zadanie|temat|tugas|perihal|कार्य",
        due=f"termin|jatuh tempo|{_WHEN}",
        note=_NOTES,
    ),
    "complaints": _aliases(
        client=_CLIENT,
        contact=_CONTACT,
        title="temat|tytuł|tytul|perihal|judul|शिकायत|विषय",
        description="opis|deskripsi|keterangan|विवरण",
        severity="priorytet|waga|prioritas|tingkat|प्राथमिकता",
        opened_at=f"data zgłoszenia|data zgloszenia|tanggal lapor|{_WHEN}",
    ),
    "contracts": _aliases(
        client=_CLIENT,
        title="umowa|nazwa umowy|tytuł|tytul|kontrak|nama kontrak|judul|अनुबंध",
        value=_VALUE,
        currency=_CURRENCY,
        start="początek|poczatek|data rozpoczęcia|data rozpoczecia|od|mulai|tanggal mulai|आरंभ|शुरुआत|प्रारंभ तिथि",
        end="koniec|data zakończenia|data zakonczenia|do|berakhir|tanggal berakhir|selesai|समाप्ति|समाप्ति तिथि",
        notice_days="okres wypowiedzenia|wypowiedzenie|masa pemberitahuan|नोटिस अवधि",
        auto_renew="automatyczne odnowienie|autoodnowienie|perpanjangan otomatis|स्वतः नवीनीकरण",
        notes=_NOTES,
    ),
    "opportunities": _aliases(
        client=_CLIENT,
        title="szansa|temat|tytuł|tytul|peluang|judul|perihal|अवसर",
        kind="rodzaj|typ|jenis|tipe|प्रकार",
        value=_VALUE,
        currency=_CURRENCY,
        notes=_NOTES,
    ),
    "feedback": _aliases(
        client=_CLIENT,
        contact=_CONTACT,
        kind="rodzaj|typ|ankieta|jenis|survei|प्रकार",
        score="ocena|wynik|skor|nilai|penilaian|स्कोर|अंक",
        at=_WHEN,
        comment=f"komentarz|komentar|{_NOTES}",
    ),
}
for _entity, _extra in LOCAL.items():
    SPECS[_entity].aliases.update({key: name for key, name in _extra.items() if key not in SPECS[_entity].aliases})


# Words other systems use for our enum values (folded like headers).
VALUES: dict[str, dict[str, str]] = {
    "status": {
        **{fold_header(v): "prospect" for v in ("prospect", "lead", "subscriber", "marketing qualified lead",
                                                 "sales qualified lead", "opportunity", "potential", "new",
                                                 # a lead's state (Salesforce's and Zoho's leads)
                                                 "open - not contacted", "working - contacted", "qualified",
                                                 "closed - converted", "closed - not converted", "unqualified",
                                                 "not contacted", "contacted", "attempted to contact",
                                                 "contact in future", "junk lead", "lost lead", "nurturing",
                                                 "pre-qualified", "not qualified")},
        **{fold_header(v): "active" for v in ("active", "customer", "customer - direct", "customer - channel",
                                               "channel partner / reseller", "installation partner",
                                               "technology partner", "partner", "evangelist", "client", "other",
                                               "reseller", "distributor", "integrator")},
        **{fold_header(v): "at-risk" for v in ("at-risk", "at risk", "risk", "red")},
        **{fold_header(v): "churned" for v in ("churned", "former customer", "lost", "inactive", "churn",
                                                "cancelled", "canceled")},
    },
    # accounts a CRM keeps that are not clients (Salesforce's and Zoho's Type, Dynamics' Relationship
    # Type): an import of clients leaves them out and counts them
    "not_client": {fold_header(v): v for v in ("analyst", "competitor", "investor", "press", "supplier", "vendor",
                                               "consultant", "influencer")},
    "rating": {"hot": "5", "warm": "3", "cold": "1"},  # Salesforce's Account Rating
    # Zoho CRM's account Rating holds the account's state, not how promising it looks: left empty
    "not_rating": {fold_header(v): v for v in ("acquired", "active", "market failed", "project cancelled",
                                               "shut down", "-none-")},
    "tier": {**{fold_header(v): "A" for v in ("a", "tier a", "tier 1", "1", "gold", "strategic", "key")},
             **{fold_header(v): "B" for v in ("b", "tier b", "tier 2", "2", "silver")},
             **{fold_header(v): "C" for v in ("c", "tier c", "tier 3", "3", "bronze")}},
    "interaction_kind": {
        **{k: k for k in ("call", "email", "meeting", "visit", "chat", "note")},
        **{fold_header(v): "call" for v in ("phone", "phone call", "log a call", "call logged")},
        **{fold_header(v): "email" for v in ("e-mail", "mail", "sent email", "list email")},
        **{fold_header(v): "meeting" for v in ("event", "video call", "zoom", "teams", "conference")},
        **{fold_header(v): "visit" for v in ("site visit", "on-site", "onsite")},
        **{fold_header(v): "chat" for v in ("whatsapp", "sms", "message", "linkedin message", "linkedin", "slack")},
        **{fold_header(v): "note" for v in ("task", "other", "comment")},
        # Polish, Indonesian, Hindi
        **{fold_header(v): "call" for v in ("telefon", "rozmowa", "rozmowa telefoniczna", "telepon", "panggilan",
                                             "कॉल", "फ़ोन", "फोन")},
        **{fold_header(v): "meeting" for v in ("spotkanie", "rapat", "pertemuan", "बैठक", "मीटिंग")},
        **{fold_header(v): "visit" for v in ("wizyta", "kunjungan", "दौरा", "विज़िट")},
        **{fold_header(v): "email" for v in ("surel", "ईमेल")},
        **{fold_header(v): "note" for v in ("notatka", "catatan", "नोट")},
    },
    "followup_status": {
        **{fold_header(v): "open" for v in ("open", "not started", "in progress", "waiting on someone else",
                                             "deferred", "pending", "to do", "todo", "waiting",
                                             "waiting for input")},
        **{fold_header(v): "done" for v in ("done", "completed", "complete", "closed")},
        **{fold_header(v): "cancelled" for v in ("cancelled", "canceled")},
    },
    "severity": {
        **{k: k for k in ("low", "medium", "high", "critical")},
        **{fold_header(v): "critical" for v in ("urgent", "p1", "blocker", "highest", "sev1")},
        **{fold_header(v): "high" for v in ("p2", "major", "sev2")},
        **{fold_header(v): "medium" for v in ("normal", "p3", "moderate", "sev3")},
        **{fold_header(v): "low" for v in ("p4", "minor", "lowest", "sev4")},
        **{fold_header(v): "critical" for v in ("krytyczny", "krytyczna", "kritis", "गंभीर")},
        **{fold_header(v): "high" for v in ("wysoki", "wysoka", "tinggi", "उच्च")},
        **{fold_header(v): "medium" for v in ("średni", "średnia", "sredni", "sedang", "मध्यम")},
        **{fold_header(v): "low" for v in ("niski", "niska", "rendah", "कम")},
    },
    "complaint_status": {
        **{k: k for k in ("open", "responded", "escalated", "resolved", "closed")},
        **{fold_header(v): "open" for v in ("new", "reopened", "waiting on us")},
        # the other side's move: a help desk's "Pending" and HubSpot's "Waiting on contact" follow a reply
        **{fold_header(v): "responded" for v in ("working", "in progress", "on hold", "on-hold", "waiting", "pending",
                                                  "waiting on contact", "waiting on customer",
                                                  "waiting on third party", "awaiting customer", "awaiting reply")},
        **{fold_header(v): "resolved" for v in ("solved", "fixed")},
    },
    "contract_status": {
        **{k: k for k in ("active", "renewed", "churned", "cancelled")},
        **{fold_header(v): "active" for v in ("activated", "in effect", "signed")},
        **{fold_header(v): "churned" for v in ("expired", "lost", "terminated")},
        **{fold_header(v): "cancelled" for v in ("canceled", "draft", "void", "in approval process")},
    },
    "opportunity_kind": {
        "upsell": "upsell", "crosssell": "cross-sell",
        **{fold_header(v): "upsell" for v in ("up-sell", "upgrade", "existing customer - upgrade", "expansion",
                                               "existing business")},
        **{fold_header(v): "cross-sell" for v in ("cross sell", "existing customer - replacement", "new product",
                                                   "add-on", "addon", "existing customer - new product",
                                                   # a new deal with a client you manage: what it does not buy yet
                                                   "new business", "new customer")},
    },
    "opportunity_status": {
        **{k: k for k in ("identified", "forwarded", "won", "lost")},
        # Twenty's default pipeline ends at CUSTOMER
        **{fold_header(v): "won" for v in ("closed won", "closedwon", "customer")},
        **{fold_header(v): "lost" for v in ("closed lost", "closedlost", "closed lost to competition")},  # Zoho's
        **{fold_header(v): "identified" for v in ("prospecting", "qualification", "new", "open", "screening",
                                                   "qualified", "contact made")},  # Pipedrive's first stages
        # the standard stages of Salesforce and Zoho, of Pipedrive, and of HubSpot
        **{fold_header(v): "forwarded" for v in ("needs analysis", "value proposition", "id. decision makers",
                                                  "perception analysis", "proposal/price quote",
                                                  "negotiation/review", "proposal", "negotiation", "with sales",
                                                  "demo scheduled", "needs defined", "proposal made",
                                                  "negotiations started",
                                                  "appointment scheduled", "qualified to buy",
                                                  "presentation scheduled", "decision maker bought-in", "meeting",
                                                  "contract sent")},
    },
    "feedback_kind": {"csat": "csat", "nps": "nps"},
}  # fmt: skip
