"""Reading the risk rule files (`flows/risk/*.yaml`), checked as one set.

The only I/O in the package: reading files. Loading refuses the whole set if any file has a
problem, and a folder must hold rules for every category and language, because rules that
silently fail to load would mean signals that are silently missed. `scan_rules` reports the
same problems without raising, for `qadam flows check`.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.risk.model import (
    CATEGORIES,
    LANGUAGES,
    RISK_MIGRATIONS,
    RISK_SPEC_VERSION,
    Category,
    Language,
    RiskFile,
    RuleSpec,
    risk_keys,
)
from bot.risk.patterns import PatternError, compile_pattern
from bot.risk.rules import VIEWS_OF, RiskRules, Rule
from bot.spec.errors import FlowSpecError, Problem
from bot.spec.parse import parse_spec, read_spec_file

RISK_DIR = "risk"
_RULE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def load_rules(path: Path) -> RiskRules:
    """The rules of a folder of risk files (or of one file); FlowSpecError lists every
    problem in every file."""
    rules, problems = scan_rules(path)
    if problems:
        raise FlowSpecError(problems)
    return rules


def scan_rules(path: Path) -> tuple[RiskRules, list[Problem]]:
    """The valid rules of a folder (or one file), and every problem found in it."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            return RiskRules(()), [Problem(str(path), "", "no risk rule files (*.yaml) here")]
    elif path.is_file():
        files = [path]
    else:
        return RiskRules(()), [Problem(str(path), "", "no such file or directory")]
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen_ids: dict[str, tuple[str, str]] = {}
    seen_categories: dict[Category, str] = {}
    unreadable: set[str] = set()
    for file in files:
        parsed, found = _scan_file(file)
        problems += found
        if parsed is None:
            unreadable.add(file.stem)
            continue
        category, file_rules = parsed
        if category in seen_categories:
            problems.append(
                Problem(
                    str(file),
                    "category",
                    f"category {category!r} is already in {seen_categories[category]}; "
                    "keep one file per category",
                )
            )
        seen_categories.setdefault(category, str(file))
        for where, rule in file_rules:
            if rule.id in seen_ids and seen_ids[rule.id] == (str(file), where):
                rules.append(rule)  # the same rule in another view
                continue
            if rule.id in seen_ids:
                problems.append(
                    Problem(
                        str(file),
                        where,
                        f"rule id {rule.id!r} is already used in {seen_ids[rule.id][0]}; "
                        "rename one",
                    )
                )
                continue
            seen_ids[rule.id] = (str(file), where)
            rules.append(rule)
    # A category whose file is there but broken has its problems reported already.
    missing = [c for c in CATEGORIES if c not in seen_categories and c not in unreadable]
    if path.is_dir() and missing:
        names = ", ".join(f"{c}.yaml" for c in missing)
        problems.append(Problem(str(path), "", f"no rules for {', '.join(missing)}; add {names}"))
    return RiskRules(tuple(rules)), problems


def _scan_file(file: Path) -> tuple[tuple[Category, list[tuple[str, Rule]]] | None, list[Problem]]:
    name = str(file)
    try:
        spec = _parse(read_spec_file(file), name)
    except FlowSpecError as error:
        return None, list(error.problems)
    problems: list[Problem] = []
    missing = [lang for lang in LANGUAGES if lang not in spec.languages]
    if missing:
        problems.append(
            Problem(
                name,
                "languages",
                f"no rules for {', '.join(missing)}; every category needs rules in "
                f"{', '.join(LANGUAGES)}",
            )
        )
    rules: list[tuple[str, Rule]] = []
    for lang, block in spec.languages.items():
        for index, rule_spec in enumerate(block.rules):
            where = f"languages.{lang}.rules[{index}]"
            compiled, found = _compile(name, where, spec.category, lang, rule_spec)
            problems += found
            rules += [(where, rule) for rule in compiled]
    return (spec.category, rules), problems


def _compile(
    file: str, where: str, category: Category, lang: Language, spec: RuleSpec
) -> tuple[list[Rule], list[Problem]]:
    """The rule compiled for each view its language is read in (`VIEWS_OF`)."""
    problems: list[Problem] = []
    prefix = f"{category}.{lang}."
    name = spec.id.removeprefix(prefix)
    if not spec.id.startswith(prefix) or not _RULE_NAME.match(name):
        problems.append(
            Problem(
                file,
                f"{where}.id",
                f"{spec.id!r} should be {prefix}NAME, NAME in lower case with _ (like "
                f"{prefix}want_to_die)",
            )
        )
    rules = []
    failed: set[str] = set()
    for view in VIEWS_OF[lang]:
        compiled: dict[str, list[re.Pattern[str]]] = {"patterns": [], "unless": [], "context": []}
        keyed = (("patterns", spec.patterns), ("unless", spec.unless), ("context", spec.context))
        for key, sources in keyed:
            for index, source in enumerate(sources):
                place = f"{where}.{key}[{index}]"
                try:
                    compiled[key].append(compile_pattern(source, view))
                except PatternError as error:
                    # The first view is the language's own; the others are derived from it,
                    # and a pattern broken in every view is reported once.
                    also = "" if view == VIEWS_OF[lang][0] else f" (in the {view} view)"
                    if place not in failed:
                        problems.append(Problem(file, place, f"{error}{also}"))
                    failed.add(place)
        rules.append(
            Rule(
                id=spec.id,
                category=category,
                lang=lang,
                severity=spec.severity,
                view=view,
                patterns=tuple(compiled["patterns"]),
                unless=tuple(compiled["unless"]),
                context=tuple(compiled["context"]),
            )
        )
    return ([] if problems else rules), problems


def _parse(data: object, file: str) -> RiskFile:
    return parse_spec(
        data,
        file,
        RiskFile,
        RISK_MIGRATIONS,
        "a risk rule",
        keys=risk_keys(),
        version=RISK_SPEC_VERSION,
    )
