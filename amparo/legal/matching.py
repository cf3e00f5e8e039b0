"""Which providers to propose for a case, best first, and why (a pure function).

A provider is ranked by, in this order:
1. free capacity (a full provider is listed last and cannot be chosen);
2. the county: the facility's county when the person has been located, else the person's county;
3. the case type;
4. the language of the person;
5. how many places it has free (more first), then its name.

Every fact that decided a place is said in ``reasons``, in the reader's language, so the coordinator
sees why; nothing is sent anywhere by proposing. Inactive providers are never proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from amparo.legal.providers import county_key


@dataclass(frozen=True)
class CaseNeed:
    county: str  # where the person is held, else where they live ("" when unknown)
    language: str  # a language code ("" when unknown)
    case_type: str  # a CaseType value
    county_label: str = ""  # how to show the county
    language_label: str = ""
    case_type_label: str = ""


@dataclass(frozen=True)
class ProviderFacts:
    pk: int
    name: str
    counties: tuple[str, ...]
    languages: tuple[str, ...]
    case_types: tuple[str, ...]
    capacity: int
    open_cases: int


@dataclass
class Proposal:
    provider: ProviderFacts
    free: int
    county: bool
    case_type: bool
    language: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def can_refer(self) -> bool:
        return self.free > 0

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


def _lang(code: str) -> str:
    return code.lower().replace("_", "-").split("-")[0]


def propose(need: CaseNeed, providers: list[ProviderFacts]) -> list[Proposal]:
    """Every provider given, ranked for ``need``, with the reasons."""
    county = county_key(need.county)
    proposals = []
    for p in providers:
        free = max(p.capacity - p.open_cases, 0)
        in_county = bool(county) and county in {county_key(c) for c in p.counties}
        takes_type = need.case_type in p.case_types
        speaks = bool(need.language) and _lang(need.language) in {_lang(c) for c in p.languages}
        county_label = need.county_label or need.county
        reasons = [
            (_("Serves %(county)s") if in_county else _("Does not list %(county)s")) % {"county": county_label}
            if county else _("County unknown"),
            (_("Takes %(type)s cases") if takes_type else _("Does not list %(type)s cases"))
            % {"type": need.case_type_label or need.case_type},
            (_("Speaks %(language)s") if speaks else _("Does not list %(language)s"))
            % {"language": need.language_label or need.language}
            if need.language else _("Language unknown"),
            _("%(free)d of %(capacity)d places free") % {"free": free, "capacity": p.capacity}
            if free else _("Full: no free place"),
        ]
        proposals.append(Proposal(p, free, in_county, takes_type, speaks, reasons))
    proposals.sort(key=lambda x: (not x.can_refer, not x.county, not x.case_type, not x.language, -x.free,
                                  x.provider.name.casefold()))
    return proposals
