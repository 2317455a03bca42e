"""Identity of places and twinnings: slugs, IRIs, and the split of homonyms by distance."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rdflib import URIRef

from sistercity.core.geo import great_circle_km
from sistercity.core.namespaces import ID

# Homonyms (same name slug, same country) whose coordinates lie further apart than this are
# different places; closer ones are the same place geocoded from two spellings of its name.
HOMONYM_KM = 30.0

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                       "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
                       "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H", "ə": "e", "Ə": "E"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DISTRICT = re.compile(r"^(?P<parent>.+?) – (?P<part>.+)$")


@lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """Lower-case ASCII, diacritics removed, words joined by '-'.

    >>> slugify("Bağcılar"), slugify("Gangnam (Seoul)"), slugify("Norðurþing")
    ('bagcilar', 'gangnam-seoul', 'nordurthing')
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower().replace("'", "")
    return _NON_WORD.sub("-", ascii_text).strip("-")


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_QUALIFIER = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<qualifier>[^()]*)\)$")


@lru_cache(maxsize=1 << 16)
def name_keys(name: str) -> frozenset[str]:
    """The slugs one name can be matched by: as is, and with German umlauts spelt out.

    GeoNames writes "Koeln" where a German list writes "Köln" (slug "koln"); "St." and "Saint"
    are one word.

    >>> sorted(name_keys("Köln")), sorted(name_keys("St. Cloud"))
    (['koeln', 'koln'], ['saint-cloud', 'st-cloud'])
    """
    keys = {slugify(name), slugify(name.translate(_GERMAN))}
    keys |= {re.sub(r"^(st|ste)-", "saint-", k) for k in keys}
    return frozenset(k for k in keys if k)


# Words that name the kind of administrative unit, not the place ("Lund Municipality", "Gmina
# Kolbudy", "Borough of Havant"): left out when two names are compared.
_UNIT_WORDS = frozenset("""gmina municipality municipio municipal comune commune borough district county
    town council city urban rural kreis gemeinde stadt markt of the di de del city-council""".split())


@lru_cache(maxsize=1 << 16)
def name_core(name: str) -> str:
    """The slug of a name without the words for administrative units.

    >>> name_core("Lund Municipality"), name_core("Gmina Kolbudy"), name_core("Borough of Havant")
    ('lund', 'kolbudy', 'havant')
    """
    words = [w for w in slugify(name.translate(_GERMAN)).split("-") if w not in _UNIT_WORDS]
    return "-".join(words)


def split_qualifier(name: str) -> tuple[str, str | None]:
    """Split "Czestochowa (Tschenstochau)" into the name and its parenthesised qualifier.

    >>> split_qualifier("Brixlegg (Tirol)"), split_qualifier("Aachen")
    (('Brixlegg', 'Tirol'), ('Aachen', None))
    """
    match = _QUALIFIER.match(name)
    if match is None or not slugify(match["name"]):
        return name, None
    return match["name"], match["qualifier"].strip() or None


def canonical_name(name: str) -> str:
    """Tidy a list's city name; "Seoul – Gangnam" (list heading form) becomes "Gangnam (Seoul)".

    The lists write a district as "Parent – District" where it heads a list and as
    "District (Parent)" where it is a partner; one form makes both spellings one place.
    """
    text = " ".join(name.replace("\u00a0", " ").split())
    match = _DISTRICT.match(text)
    if match and "(" not in text:
        return f"{match['part']} ({match['parent']})"
    return text


def city_iri(iso2: str, slug: str) -> URIRef:
    """IRI of a city: ``id/city/{iso2 lower}/{slug}``."""
    return ID[f"city/{iso2.lower()}/{slug}"]


def country_iri(iso2: str) -> URIRef:
    """IRI of a country: ``id/country/{iso2 lower}``."""
    return ID[f"country/{iso2.lower()}"]


def twinning_iri(key1: str, key2: str) -> URIRef:
    """IRI of a twinning from its partners' keys ``{iso2}-{slug}``, sorted: ``id/twinning/a--b``."""
    first, second = sorted((key1, key2))
    return ID[f"twinning/{first}--{second}"]




Point = tuple[Decimal, Decimal]


@dataclass(frozen=True)
class Spot:
    """One coordinate pair a name was geocoded to, with how many rows use it and the first row."""

    point: Point | None
    rows: int
    first_row: int


def cluster_spots(spots: Sequence[Spot], *, km: float = HOMONYM_KM) -> list[list[Spot]]:
    """Group the spots of one name into places: a spot joins the first cluster within ``km``.

    Clusters are seeded in order of use (most rows first, then earliest row), so the
    best-attested place comes first; spots without coordinates join the first cluster.
    """
    ordered = sorted((s for s in spots if s.point is not None), key=lambda s: (-s.rows, s.first_row))
    clusters: list[list[Spot]] = []
    for spot in ordered:
        assert spot.point is not None
        lat, lng = float(spot.point[0]), float(spot.point[1])
        for cluster in clusters:
            head = cluster[0].point
            assert head is not None
            if great_circle_km(lat, lng, float(head[0]), float(head[1])) <= km:
                cluster.append(spot)
                break
        else:
            clusters.append([spot])
    bare = [s for s in spots if s.point is None]
    if bare:
        if clusters:
            clusters[0].extend(bare)
        else:
            clusters.append(bare)
    return clusters


def homonym_slugs(slug: str, heads: Sequence[Point | None],
                  describe: Callable[[Point], str]) -> list[str]:
    """Slugs for the places that share one name slug in one country.

    The first (best-attested) place keeps the plain slug; each other gets the slug of the
    region it lies in (``describe``, e.g. the reverse geocoder's admin1: "nienburg-saxony-anhalt"),
    or its coordinates to one decimal when that region name does not tell them apart.
    """
    slugs = [slug]
    for head in heads[1:]:
        region = slugify(describe(head)) if head is not None else ""
        candidate = f"{slug}-{region}" if region else ""
        if not candidate or candidate in slugs:
            lat, lng = head if head is not None else (Decimal(0), Decimal(0))
            ns, ew = ("n" if lat >= 0 else "s"), ("e" if lng >= 0 else "w")
            candidate = f"{slug}-{slugify(f'{abs(lat):.1f}{ns} {abs(lng):.1f}{ew}')}"
        slugs.append(candidate)
    return slugs
