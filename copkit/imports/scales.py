"""Likert scales: the label sets survey answers are written in (agreement, satisfaction,
frequency, quality, amount, likelihood), in English, Spanish and French, and how a column of
answers is read as one of them (:func:`fit_scale`): numbers, or the labels of one label set,
never a guess between two that would give different numbers (the other is named).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from copkit.text import fold

# Answers written as labels, in English, Spanish and French. A bipolar scale is given by its
# seven positions (strongly against ... strongly for); its 5-, 7- and 4-point forms are made
# from them. Each position lists, by language, its spellings (the first one is how the label
# is written into the survey's ``labels``).
Point = Mapping[str, Sequence[str]]

_AGREE: dict[str, Point] = {
    "strong-neg": {"en": ["Strongly disagree", "Completely disagree", "Totally disagree"],
                   "es": ["Totalmente en desacuerdo", "Muy en desacuerdo",
                          "Completamente en desacuerdo", "Fuertemente en desacuerdo"],
                   "fr": ["Pas du tout d'accord", "Tout à fait en désaccord",
                          "Fortement en désaccord", "Totalement en désaccord"]},
    "neg": {"en": ["Disagree"], "es": ["En desacuerdo"], "fr": ["Pas d'accord", "En désaccord"]},
    "weak-neg": {"en": ["Somewhat disagree", "Slightly disagree", "Tend to disagree",
                        "Mostly disagree"],
                 "es": ["Algo en desacuerdo", "Un poco en desacuerdo",
                        "Parcialmente en desacuerdo", "Moderadamente en desacuerdo",
                        "Más bien en desacuerdo"],
                 "fr": ["Plutôt pas d'accord", "Plutôt en désaccord", "Pas vraiment d'accord",
                        "Un peu en désaccord"]},
    "neutral": {"en": ["Neither agree nor disagree", "Neither agree or disagree", "Neutral",
                       "Undecided"],
                "es": ["Ni de acuerdo ni en desacuerdo", "Neutral", "Neutro", "Indiferente"],
                "fr": ["Ni d'accord ni pas d'accord", "Ni en accord ni en désaccord", "Neutre",
                       "Sans opinion", "Indifférent"]},
    "weak-pos": {"en": ["Somewhat agree", "Slightly agree", "Tend to agree", "Mostly agree"],
                 "es": ["Algo de acuerdo", "Un poco de acuerdo", "Parcialmente de acuerdo",
                        "Moderadamente de acuerdo", "Más bien de acuerdo"],
                 "fr": ["Plutôt d'accord", "Plutôt en accord", "Un peu d'accord"]},
    "pos": {"en": ["Agree"], "es": ["De acuerdo"], "fr": ["D'accord", "En accord"]},
    "strong-pos": {"en": ["Strongly agree", "Completely agree", "Totally agree"],
                   "es": ["Totalmente de acuerdo", "Muy de acuerdo", "Completamente de acuerdo"],
                   "fr": ["Tout à fait d'accord", "Totalement d'accord", "Fortement d'accord",
                          "Entièrement d'accord"]},
}
_SATISFIED: dict[str, Point] = {
    "strong-neg": {"en": ["Very dissatisfied", "Extremely dissatisfied"],
                   "es": ["Muy insatisfecho", "Muy insatisfecha", "Totalmente insatisfecho"],
                   "fr": ["Très insatisfait", "Très insatisfaite", "Pas du tout satisfait"]},
    "neg": {"en": ["Dissatisfied"], "es": ["Insatisfecho", "Insatisfecha"],
            "fr": ["Insatisfait", "Insatisfaite", "Pas satisfait"]},
    "weak-neg": {"en": ["Somewhat dissatisfied", "Slightly dissatisfied"],
                 "es": ["Algo insatisfecho", "Algo insatisfecha", "Poco satisfecho"],
                 "fr": ["Plutôt insatisfait", "Plutôt insatisfaite", "Peu satisfait"]},
    "neutral": {"en": ["Neither satisfied nor dissatisfied", "Neither satisfied or dissatisfied",
                       "Neutral"],
                "es": ["Ni satisfecho ni insatisfecho", "Ni satisfecha ni insatisfecha",
                       "Neutral"],
                "fr": ["Ni satisfait ni insatisfait", "Neutre"]},
    "weak-pos": {"en": ["Somewhat satisfied", "Slightly satisfied"],
                 "es": ["Algo satisfecho", "Algo satisfecha"],
                 "fr": ["Plutôt satisfait", "Plutôt satisfaite"]},
    "pos": {"en": ["Satisfied"], "es": ["Satisfecho", "Satisfecha"],
            "fr": ["Satisfait", "Satisfaite"]},
    "strong-pos": {"en": ["Very satisfied", "Extremely satisfied"],
                   "es": ["Muy satisfecho", "Muy satisfecha", "Totalmente satisfecho"],
                   "fr": ["Très satisfait", "Très satisfaite", "Tout à fait satisfait"]},
}
_FORMS = {5: ("strong-neg", "neg", "neutral", "pos", "strong-pos"),
          "5s": ("strong-neg", "weak-neg", "neutral", "weak-pos", "strong-pos"),
          7: ("strong-neg", "neg", "weak-neg", "neutral", "weak-pos", "pos", "strong-pos"),
          4: ("strong-neg", "neg", "pos", "strong-pos"),
          "4s": ("strong-neg", "weak-neg", "weak-pos", "strong-pos")}
_UNIPOLAR: dict[str, list[Point]] = {
    "frequency": [
        {"en": ["Never"], "es": ["Nunca"], "fr": ["Jamais"]},
        {"en": ["Rarely", "Seldom"], "es": ["Casi nunca", "Rara vez", "Pocas veces"],
         "fr": ["Rarement"]},
        {"en": ["Sometimes", "Occasionally"], "es": ["A veces", "Algunas veces",
                                                     "Ocasionalmente"],
         "fr": ["Parfois", "Quelquefois", "De temps en temps"]},
        {"en": ["Often", "Frequently", "Usually"],
         "es": ["A menudo", "Frecuentemente", "Casi siempre", "Muchas veces"],
         "fr": ["Souvent", "Fréquemment"]},
        {"en": ["Always"], "es": ["Siempre"], "fr": ["Toujours"]}],
    "quality": [
        {"en": ["Very poor", "Very bad"], "es": ["Muy malo", "Muy mala", "Pésimo"],
         "fr": ["Très mauvais", "Très mauvaise"]},
        {"en": ["Poor", "Bad"], "es": ["Malo", "Mala", "Deficiente"],
         "fr": ["Mauvais", "Mauvaise", "Insuffisant"]},
        {"en": ["Fair", "Average", "Acceptable"], "es": ["Regular", "Aceptable"],
         "fr": ["Moyen", "Moyenne", "Passable", "Acceptable"]},
        {"en": ["Good"], "es": ["Bueno", "Buena"], "fr": ["Bon", "Bonne"]},
        {"en": ["Excellent"], "es": ["Excelente"], "fr": ["Excellent", "Excellente"]}],
    "quality-very-good": [
        {"en": ["Poor"], "es": ["Malo", "Deficiente"], "fr": ["Mauvais", "Insuffisant"]},
        {"en": ["Fair"], "es": ["Regular"], "fr": ["Passable", "Moyen"]},
        {"en": ["Good"], "es": ["Bueno", "Buena"], "fr": ["Bon", "Bonne"]},
        {"en": ["Very good"], "es": ["Muy bueno", "Muy buena"], "fr": ["Très bon", "Très bonne"]},
        {"en": ["Excellent"], "es": ["Excelente"], "fr": ["Excellent", "Excellente"]}],
    "amount": [
        {"en": ["Not at all"], "es": ["Nada"], "fr": ["Pas du tout"]},
        {"en": ["A little", "Slightly", "Very little"], "es": ["Poco", "Un poco", "Muy poco"],
         "fr": ["Un peu", "Très peu"]},
        {"en": ["Somewhat", "Moderately", "Some"], "es": ["Algo", "Moderadamente"],
         "fr": ["Moyennement", "Modérément", "Assez"]},
        {"en": ["Quite a bit", "A lot", "Much"], "es": ["Bastante"], "fr": ["Beaucoup"]},
        {"en": ["Very much", "Extremely", "Completely"], "es": ["Mucho", "Muchísimo"],
         "fr": ["Énormément", "Extrêmement", "Complètement"]}],
    "likelihood": [
        {"en": ["Very unlikely", "Extremely unlikely"],
         "es": ["Muy improbable", "Muy poco probable"],
         "fr": ["Très improbable", "Très peu probable"]},
        {"en": ["Unlikely", "Somewhat unlikely"], "es": ["Improbable", "Poco probable"],
         "fr": ["Improbable", "Peu probable"]},
        {"en": ["Neither likely nor unlikely", "Not sure"], "es": ["Ni probable ni improbable"],
         "fr": ["Ni probable ni improbable"]},
        {"en": ["Likely", "Somewhat likely"], "es": ["Probable"], "fr": ["Probable"]},
        {"en": ["Very likely", "Extremely likely"], "es": ["Muy probable"],
         "fr": ["Très probable"]}],
}


@dataclass(frozen=True)
class Scale:
    """A label set: its points, lowest first, and each folded spelling's (value, language)."""

    name: str
    points: tuple[Point, ...]
    lookup: Mapping[str, tuple[int, str]]

    @property
    def size(self) -> int:
        return len(self.points)

    def labels(self, lang: str) -> list[str]:
        return [str(p[lang][0]) for p in self.points]


def _scale(name: str, points: Sequence[Point]) -> Scale:
    lookup: dict[str, tuple[int, str]] = {}
    for value, point in enumerate(points, 1):
        for lang, spellings in point.items():
            for spelling in spellings:
                key = fold(spelling)
                assert lookup.get(key, (value, lang))[0] == value, (name, spelling)
                lookup.setdefault(key, (value, lang))
    return Scale(name, tuple(points), lookup)


# in order of preference: the first that reads every answer of a column is taken
SCALES: list[Scale] = [
    _scale(f"{concept}-{form}", [points[p] for p in _FORMS[form]])
    for form in (5, "5s") for concept, points in (("agree", _AGREE),
                                                  ("satisfaction", _SATISFIED))
] + [_scale(name, points) for name, points in _UNIPOLAR.items()] + [
    _scale(f"{concept}-{form}", [points[p] for p in _FORMS[form]])
    for form in (7, 4, "4s") for concept, points in (("agree", _AGREE),
                                                     ("satisfaction", _SATISFIED))]
LIKERT_LOOKUP: dict[str, int] = {}
for _sc in SCALES:
    if _sc.size == 5:
        for _key, (_value, _) in _sc.lookup.items():
            LIKERT_LOOKUP.setdefault(_key, _value)


def leading_number(text: str) -> int | None:
    """The number an answer starts with ('4', '4 - Agree', '4.'), or None."""
    words = text.split()
    head = words[0].rstrip(".-:)") if words else ""
    return int(head) if head.isdigit() else None


def likert(text: str) -> int | None:
    """A Likert answer as a number: '4', '4 - Agree', 'Strongly agree', 'Tout à fait
    d'accord', 'Somewhat agree' (on a 5-point scale); None when it is not one."""
    value = text.strip()
    if not value:
        return None
    number = leading_number(value)
    return number if number is not None else LIKERT_LOOKUP.get(fold(value))


@dataclass
class ScaleFit:
    """How a question's answers are read: its scale (number of points), the spelling of each
    label it uses (folded) -> value, and the labels to write into the survey."""

    size: int
    values: dict[str, int] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    name: str = ""
    lang: str = "en"

    def read(self, text: str) -> int | None:
        number = leading_number(text)
        if number is not None:
            return number
        return self.values.get(fold(text))


def fit_scale(answers: Sequence[str], size: int | None = None,
              labels: Sequence[str] = ()) -> tuple[ScaleFit | None, list[Scale]]:
    """The scale that reads every answer (numbers, or labels of one label set), and the
    other label sets of the same size that would read them differently. ``size`` asks for
    that many points; ``labels`` (a recorded question's) are preferred."""
    texts = [a.strip() for a in answers if a.strip()]
    numbers = [n for n in (leading_number(t) for t in texts) if n is not None]
    words = {fold(t) for t in texts if leading_number(t) is None}
    top = max(numbers, default=0)
    if not words:
        if size is not None:
            return ScaleFit(size), []
        if not numbers or top > 11:
            return None, []
        return ScaleFit(5 if top <= 5 else (7 if top <= 7 else (10 if top <= 10 else 11))), []
    fits = [sc for sc in SCALES if words <= set(sc.lookup) and sc.size >= top
            and (size is None or sc.size == size)]
    wanted = {fold(x) for x in labels}
    if wanted:
        fits.sort(key=lambda sc: not any({fold(x) for x in sc.labels(lang)} == wanted
                                         for lang in ("en", "es", "fr")))
    if not fits and size is not None:
        # a scale asked for: the label set of that size reading most answers (the others
        # are then named at their cells)
        sized = [sc for sc in SCALES if sc.size == size and words & set(sc.lookup)]
        fits = sorted(sized, key=lambda sc: -len(words & set(sc.lookup)))[:1]
    if not fits:
        return None, []
    best = fits[0]
    words = {w for w in words if w in best.lookup}
    langs = [best.lookup[w][1] for w in words]
    lang = max(("en", "es", "fr"), key=langs.count)
    fit = ScaleFit(best.size, {w: best.lookup[w][0] for w in words},
                   list(labels) or best.labels(lang), best.name, lang)
    others = [sc for sc in fits[1:] if sc.size == best.size
              and any(sc.lookup[w][0] != fit.values[w] for w in words)]
    return fit, others
