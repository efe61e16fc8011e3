"""The columns each import reads, and the names they go by in the exports of the tools
people use, in English, Spanish and French. A header cell matches a name case-, accent- and
punctuation-insensitively (:func:`copkit.text.fold`); ``--map 'Column=field'`` names any
other column (:mod:`~copkit.imports.mapping`). A field's own name always matches.
"""

from __future__ import annotations

_EMAIL_NAMES = ["e-mail", "email address", "e-mail address", "user email", "correo",
                "correo electronico", "direccion de correo electronico", "courriel",
                "adresse e-mail", "adresse electronique", "adresse courriel", "mail",
                "attendee email", "participant email", "guest email"]
_NAME_NAMES = ["full name", "nombre", "nombre completo", "nom complet", "participant",
               "participant name", "name (original name)", "display name", "nombre y apellido",
               "nombre (nombre original)", "nom (nom d'origine)", "attendee", "attendee name",
               "user name", "person", "your name", "tu nombre", "su nombre", "votre nom",
               "respondent", "nom"]
_ID_NAMES = ["member id", "member", "copkit id", "id"]
_FIRST = ["first name", "given name", "nombres", "prenom", "first"]
_LAST = ["last name", "surname", "family name", "apellido", "apellidos", "nom de famille",
         "last"]
_ORGANISATION = ["organization", "organizacion", "organisme", "institution", "institucion",
                 "company", "entidad", "empresa", "employer", "affiliation", "entreprise",
                 "structure"]
MEMBER_COLUMNS: dict[str, list[str]] = {
    "id": _ID_NAMES,
    "name": _NAME_NAMES,
    "first_name": _FIRST,
    "last_name": _LAST,
    "email": _EMAIL_NAMES,
    "organisation": _ORGANISATION,
    "country": ["pais", "pays", "country code"],
    "roles": ["role", "rol", "fonction", "roles"],
    "level": ["nivel", "niveau", "participation level"],
    "phone": ["telephone", "telefono", "mobile", "celular", "phone number", "tel"],
    "joined": ["joined on", "date joined", "fecha de ingreso", "date d'adhesion",
               "member since", "miembro desde", "membre depuis"],
}
ATTENDANCE_COLUMNS: dict[str, list[str]] = {
    "id": _ID_NAMES,
    "name": _NAME_NAMES,
    "first_name": _FIRST,
    "last_name": _LAST,
    "email": _EMAIL_NAMES,
    "join": ["join time", "joined", "first join", "first join time", "join", "joined at",
             "time joined",
             "hora de entrada", "hora de ingreso", "heure d'arrivee", "heure de connexion",
             "first seen", "entrada"],
    "leave": ["leave time", "left", "last leave", "last leave time", "leave", "left at",
              "time exited", "time left",
              "hora de salida", "heure de depart", "heure de deconnexion", "last seen",
              "salida"],
    "duration": ["duration (minutes)", "duration (mins)", "duration minutes", "duration",
                 "duracion", "duracion (minutos)", "duree", "duree (minutes)",
                 "attendance duration", "in-meeting duration", "time in meeting", "minutes",
                 "minutos"],
    # kept for people added as members (--add-unknown members)
    "organisation": _ORGANISATION,
}
SURVEY_COLUMNS: dict[str, list[str]] = {
    "id": _ID_NAMES,
    "name": _NAME_NAMES,
    "first_name": _FIRST,
    "last_name": _LAST,
    "email": _EMAIL_NAMES,
    "submitted": ["timestamp", "marca temporal", "horodateur", "submitted", "submitted at",
                  "submission date", "completion time", "hora de finalizacion",
                  "heure de fin", "date"],
}


# a roster or a participant report needs names: one column, or first and last
NAME_FIELDS = ("name", "first_name", "last_name")

# in the summary a participant report puts above its header (Zoom, Teams): the meeting's
# title and date, for a new meeting
MEETING_TITLE_NAMES = ("topic", "meeting title", "titulo", "titre", "tema", "sujet")
MEETING_DATE_NAMES = ("start time", "date", "fecha", "heure de debut", "hora de inicio",
                      "meeting date")
