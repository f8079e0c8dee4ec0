"""French words around the programme's names: « d’EIG Link », « au réseau des ancien·nes »."""

# A name starting with one of these takes « d’ » rather than « de » (« d’EIG Link »).
_ELIDING = "aàâäeéèêëiîïoôöuùûüyœæh"


def typographic(text: str) -> str:
    """The text with French apostrophes: « Entrepreneurs d’intérêt général »."""
    return text.replace("'", "’")


def of(name: str) -> str:
    """« de » before a name, elided or contracted: « d’EIG Link », « du réseau des ancien·nes »."""
    lower = name.lower()
    if lower.startswith("le "):
        return "du " + name[3:]
    if lower.startswith("les "):
        return "des " + name[4:]
    if lower[:1] in _ELIDING:
        return "d’" + name
    return "de " + name


def to(name: str) -> str:
    """« à » before a name, contracted: « à EIG Link », « au réseau des ancien·nes »."""
    lower = name.lower()
    if lower.startswith("le "):
        return "au " + name[3:]
    if lower.startswith("les "):
        return "aux " + name[4:]
    return "à " + name
