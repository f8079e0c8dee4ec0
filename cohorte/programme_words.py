"""The programme's own words (its name, its fellows') for the texts people read.

They come from the programme's identity (``cohorte.programmes.identity.current``) each time a
text is shown, never when a module is imported: the lazy values below are read again at every
use, so a label built once at import still says what the programme says now.
"""

from django.utils.functional import lazy
from django.utils.text import capfirst, format_lazy

from cohorte.programmes import identity

# French elides "de" and "le" before a vowel: « d’EIG », « l’EIG », but « de talents ».
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")


def fellow() -> str:
    """The programme's word for one fellow: « EIG », « talent »."""
    return identity.current().fellow_singular


def fellows() -> str:
    """The programme's word for its fellows: « EIG », « talents »."""
    return identity.current().fellow_plural


def fellows_for(count: int) -> str:
    """The programme's word for this many fellows: « 1 talent », « 2 talents »."""
    return fellow() if count == 1 else fellows()


def short_name() -> str:
    """The programme's short name (« EIG »), or its name when it has none."""
    programme = identity.current()
    return programme.short_name or programme.name


def name() -> str:
    """The programme's name: « Entrepreneurs d’intérêt général »."""
    return identity.current().name


def signature() -> str:
    """How the team signs its e-mails: « L’équipe du programme EIG »."""
    return identity.current().signature


def _elides(word: str) -> bool:
    return bool(word) and word[0] in _VOWELS


def typographic(text: str) -> str:
    """The text with French apostrophes: « Entrepreneurs d’intérêt général »."""
    return text.replace("'", "’")


def of(word: str, apostrophe: str = "’") -> str:
    """« de » before a word or a name, elided or contracted: « d’EIG », « de talents »,
    « du réseau des ancien·nes »."""
    lower = word.lower()
    if lower.startswith("le "):
        return "du " + word[3:]
    if lower.startswith("les "):
        return "des " + word[4:]
    return f"d{apostrophe}{word}" if _elides(word) else f"de {word}"


def to(word: str) -> str:
    """« à » before a name, contracted: « à EIG Link », « au réseau des ancien·nes »."""
    lower = word.lower()
    if lower.startswith("le "):
        return "au " + word[3:]
    if lower.startswith("les "):
        return "aux " + word[4:]
    return "à " + word


def the(word: str, apostrophe: str = "’") -> str:
    """« le » before a word, elided before a vowel: « l’EIG », « le talent »."""
    return f"l{apostrophe}{word}" if _elides(word) else f"le {word}"


def of_the(word: str, apostrophe: str = "’") -> str:
    """« de le » as French says it: « de l’EIG », « du talent »."""
    return f"de l{apostrophe}{word}" if _elides(word) else f"du {word}"


def this(word: str) -> str:
    """« ce » before a word, « cet » before a vowel: « cet EIG », « ce talent »."""
    return f"cet {word}" if _elides(word) else f"ce {word}"


FELLOW = lazy(fellow, str)()
FELLOWS = lazy(fellows, str)()
# For a column's or a list's heading: « EIG », « Talents ».
FELLOWS_HEADING = lazy(lambda: capfirst(fellows()), str)()
SHORT_NAME = lazy(short_name, str)()


def of_fellows(apostrophe: str = "’"):
    """« d’EIG » / « de talents », read at each use."""
    return lazy(lambda: of(fellows(), apostrophe), str)()


def worded(text, **words):
    """A lazy text whose ``{placeholders}`` take the programme's words at each use."""
    return format_lazy(text, **words)
