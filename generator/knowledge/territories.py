"""Countries and main cities from a maintained source: Babel's Arabic locale data (CLDR).

places.yml keeps what CLDR does not have or names otherwise: the site's own canonical forms
(«بيلاروسيا», not CLDR's «بيلاروس»: an entry with `code: BY` takes CLDR's name as an
alias), regions, ports, sites and everyday aliases. It wins on every conflict, so the names
the site already shows stay as they are.

CLDR has no list of capitals. Its Arabic names of time-zone cities give, for a country with a
single zone, the city the zone is named for: the capital for most (Seoul, Tehran, Minsk), a
main city for some (Dubai, Zurich). Those are added as cities; a zone named for its country
(«Asia/Kuwait», «Indian/Maldives») adds nothing. `babel_exclude` in places.yml lists CLDR
names that are also everyday words («مالي» financial, «مسقط» as in «مسقط رأسه»).
"""

from __future__ import annotations

import re

from babel import Locale
from babel.core import get_global

from generator.arabic import fold_name
from generator.knowledge.schema import EntityDef

# CLDR codes of two letters that are not territories a briefing names as places.
NOT_PLACES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def _plain(name: str) -> str:
    """«ميانمار (بورما)» → «ميانمار»."""
    return _PARENTHESES.sub("", name).strip()


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def territory_places(known: dict[str, EntityDef], codes: dict[str, str], exclude: set[str]
                     ) -> tuple[list[EntityDef], dict[str, tuple[str, ...]]]:
    """(places CLDR adds, {key of a places.yml entry: CLDR names to add as its aliases}).
    ``codes``: {ISO code: key of the places.yml entry that claims it}."""
    arabic, english = Locale("ar"), Locale("en")
    taken = {fold_name(n) for e in known.values() for n in (e.name, *e.aliases)}
    excluded = {fold_name(n) for n in exclude}
    added: list[EntityDef] = []
    aliases: dict[str, tuple[str, ...]] = {}

    def add(name: str, kind: str) -> None:
        key = fold_name(name)
        if key not in taken and key not in excluded:
            added.append(EntityDef(name, "place", (), "", kind))
            taken.add(key)

    for code, name in sorted(arabic.territories.items()):
        if len(code) != 2 or not code.isalpha() or code in NOT_PLACES:
            continue
        if code in codes:  # places.yml names it its own way: CLDR's spelling is an alias
            if fold_name(_plain(name)) not in taken:
                aliases[codes[code]] = aliases.get(codes[code], ()) + (_plain(name),)
                taken.add(fold_name(_plain(name)))
            continue
        add(_plain(name), "country")
    cities = arabic.time_zones
    for code, zones in sorted(get_global("territory_zones").items()):
        city = cities.get(zones[0], {}).get("city") if len(zones) == 1 else None
        if not city or code in NOT_PLACES:
            continue
        if _letters(zones[0].split("/")[-1]) in _letters(english.territories.get(code, "")):
            continue  # «Asia/Kuwait»: the zone is named for the country itself
        add(_plain(city), "city")
    return added, aliases
