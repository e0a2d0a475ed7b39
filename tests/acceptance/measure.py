"""How isocheck does on organizations written the way customers write evidence.

Each organization here comes twice: a conforming folder (a certification auditor would raise
nothing) and a `-defects` copy with planted defects, listed by clause in its
`expected-findings.yaml`. Neither was written to suit the packs: their layouts, words, languages,
date formats and delimiters are the organizations' own, mapped only through `isocheck.yaml`.

    python tests/acceptance/measure.py          # the figures
    python tests/acceptance/measure.py --write  # record them in known.yaml (after a fix)

`known.yaml` records where isocheck stands: the rules still raised on the conforming folder
(false nonconformities, each to be fixed) and the planted defects' clauses it raises. The test
(tests/integration/test_acceptance.py) fails when a false nonconformity is added or a raised
defect is lost; fixing one means shrinking or growing known.yaml in the same commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

import isocheck

HERE = Path(__file__).resolve().parent
ORGANIZATIONS = (
    "mueller-qms",
    "northwind-isms",
    "lindeboom-isms",
    "longroyd-qms",
    "ferrer-ems",
    "kestrel-ohs",
    "valtellina-enms",
    "orsea-isms",
    "brennan-ims",
    "fenwick-dc",
    "soerensen-ims",
    "hartwell-ehs",
    "tarnowski-ims",
    "andrade-qms",
    "quillon-isms",
    "kessler-isms",
    "delgado-qms",
    "sharma-enms",
    "ribaud-qse",
    "vandijk-qms",
    "herrera-sst",
    "calloway-qems",
    "brightwater-qems",
    "hollerer-bau",
    "kilnsey-qms",
    "tidewater-isms",
    "rheinau-enms",
    "norrfors-ims",
    "ashcombe-isms",
    "meridian-fm",
    "pinecrest-isms",
    "kuopio-ems",
    "valach-ims",
    "sahyadri-ims",
    "barrow-ims",
    "translitoral-sgi",
    "laurentides-ohs",
    "brandl-ims",
    "tamaki-ims",
    "zorgpunt-isms",
    "warta-ims",
    "segura-sig",
    "brembana-sgi",
    "numeria-isms",
    "egedokum-eys",
    "highveld-ims",
    "cedarvalley-ims",
    "kallang-ims",
    "rheintal-ims",
    "redstone-ims",
    "devries-kam",
    "pennine-ims",
    "nordkyst-ims",
    "pilbara-ohs",
    "corrib-qms",
    "maplepay-isms",
    "paraiba-sgi",
    "felsina-sgsi",
    "saalfeld-enms",
    "bajio-sig",
    "prairiehills-ohs",
    "kaveri-isms",
    "kvarnberg-isms",
    "harrowdale-eems",
    "ledgerline-isms",
    "morava-ims",
    "costabrava-sgae",
    "ridgeline-isms",
    "tisza-ims",
    "aigaio-enms",
    "carpati-sic",
    "lakeshore-qms",
    "glenmorach-ehs",
    "banksia-care",
    "sakura-isms",
    "alentejo-sgq",
    "nemunas-dsv",
    "huanan-ims",
    "hanbit-isms",
    "songhau-ims",
    "alnakheel-ims",
    "siamparts-qms",
    "karyabumi-ims",
    "thamesgate-ims",
    "bodensee-isms",
    "vosges-papeterie",
    "shannonside-ehs",
    "elbtal-stadtwerke",
    "jura-micro",
    "kowloon-ims",
    "pinebrook-isms",
    "hamamatsu-ims",
    "tampere-isms",
    "atacama-sig",
    "wisla-isms",
    "maasvlakte-enms",
    "douro-obras",
    "karoo-qhse",
    "savinja-ims",
    "naivasha-qhse",
    "lvivsoft-ims",
    "vidzeme-granulas",
    "ogun-cement",
    "saaremaa-kala",
    "hochfuegen-bahnen",
    "visayas-bpo",
    "hengill-varmaorka",
    "datasalud-sgsi",
)


@dataclass(frozen=True)
class Measure:
    organization: str
    false_nonconformities: dict[str, str]  # rule -> message, on the conforming folder
    errors: dict[str, str]  # rule -> message, on either folder
    planted: list[str]  # clauses of the planted defects
    raised: list[str]  # planted clauses raised by a rule that holds on the conforming folder

    @property
    def missed(self) -> list[str]:
        return [c for c in self.planted if c not in self.raised]


def _raised(
    folder: Path, as_of: dt.date
) -> tuple[dict[tuple[str, str], tuple[str, ...]], dict[str, str], dict[str, str]]:
    """The nonconformities raised on a folder (with their clauses, per standard), the errors,
    and each raised rule's message, from one evaluation of the folder."""
    findings = isocheck.evaluate(folder, as_of=as_of).findings
    # An observation is shown but is no nonconformity (it never fails a run). A rule of the
    # shared core is raised once per standard, on that standard's clause (10.2 of ISO/IEC 27001
    # is 10.1 of ISO 50001), so each is kept with its standard.
    nonconform = {
        (f.rule, f.standard): f.clauses
        for f in findings
        if f.outcome == "nonconform" and f.severity != "observation"
    }
    errors = {f.rule: f.message for f in findings if f.outcome == "error"}
    raised_rules = {rule for rule, _ in nonconform}
    messages = {f.rule: f.message for f in findings if f.rule in raised_rules}
    return nonconform, errors, messages


def _within(clause: str, raised: str) -> bool:
    return clause == raised or clause.startswith(raised + ".") or raised.startswith(clause + ".")


@functools.cache
def measure(organization: str) -> Measure:
    """Evaluates each of the organization's two folders once; the result is kept for the
    process, since the acceptance tests read it twice."""
    good, bad = HERE / organization, HERE / f"{organization}-defects"
    expected = yaml.safe_load((bad / "expected-findings.yaml").read_text(encoding="utf-8"))
    as_of = expected["as_of"]
    as_of = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of))
    on_good, good_errors, messages = _raised(good, as_of)
    on_bad, bad_errors, _ = _raised(bad, as_of)
    new = {key: clauses for key, clauses in on_bad.items() if key not in on_good}
    planted = [str(d["clause"]) for d in expected["defects"]]
    standards: dict[str, set[str]] = {}
    for defect in expected["defects"]:
        standards.setdefault(str(defect["clause"]), set()).add(str(defect.get("standard", "")))
    raised = [
        clause
        for clause in dict.fromkeys(planted)
        if any(
            _within(clause, c)
            for (_, standard), clauses in new.items()
            if standard in standards[clause] or "" in standards[clause]
            for c in clauses
        )
    ]
    return Measure(organization, messages, {**good_errors, **bad_errors}, planted, raised)


def known(organization: str) -> dict[str, list[str]]:
    path = HERE / organization / "known.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {k: list(v or []) for k, v in (data or {}).items()}


def write_known(m: Measure) -> None:
    text = (
        "# Where isocheck stands on this organization: see tests/acceptance/measure.py.\n"
        "# Rules still raised on the conforming folder (false nonconformities, to be fixed):\n"
        + yaml.safe_dump({"false_nonconformities": sorted(m.false_nonconformities)})
        + "# Clauses of planted defects (../<this>-defects) that isocheck raises:\n"
        + yaml.safe_dump({"defects_raised": sorted(set(m.raised))})
    )
    (HERE / m.organization / "known.yaml").write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    """Print the measure of every organization; with --write, record it, and exit 1 where a fix
    lost a planted defect or gained a false nonconformity (the record says so, and the change
    must say why)."""
    worse = []
    for organization in ORGANIZATIONS:
        m = measure(organization)
        before = known(organization)
        lost = sorted(set(before.get("defects_raised", [])) - set(m.raised))
        gained = sorted(set(m.false_nonconformities) - set(before.get("false_nonconformities", [])))
        worse += [f"{organization}: planted defect no longer raised: {c}" for c in lost]
        worse += [f"{organization}: new false nonconformity: {r}" for r in gained]
        distinct = len(set(m.planted))
        print(
            f"{organization}: {len(m.false_nonconformities)} false nonconformities, "
            f"{len(m.errors)} errors, planted defects raised on {len(set(m.raised))} of "
            f"{distinct} clauses"
        )
        for rule, message in sorted(m.false_nonconformities.items()):
            print(f"  false  {rule}: {message[:140]}")
        for clause in dict.fromkeys(m.missed):
            print(f"  missed {clause}")
        if "--write" in argv:
            write_known(m)
    for line in worse:
        print(f"WORSE {line}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
