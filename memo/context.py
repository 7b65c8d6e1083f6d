"""answers + triage + cost + findings -> the one plain-dict view every renderer sees.

User text stays plain ``str`` (each renderer escapes it for its format); figures the tool
computes are wrapped in ``Markup`` because they are ours and safe in any format.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from memo import __version__
from memo.answers import dump_yaml
from memo.cost import CostReport, Scenario
from memo.format import (
    compact,
    count,
    months,
    number,
    percent,
    scenario_short,
    scenario_text,
    sentence,
    tco_outcome,
    usd,
    verdict_short,
    verdict_text,
    volume_text,
)
from memo.model import FIX_LABELS, Gap, Memo, TriageAnswer
from memo.rules import Facts, Finding, check_memo

# Every question is put so that "yes" means the gap is present.
TRIAGE_QUESTIONS: dict[Gap, tuple[str, str]] = {
    Gap.CAPABILITY: ("Capability", "Does it fail even with the best prompt and the right facts?"),
    Gap.FORMAT: ("Format", "Right answer, wrong shape?"),
    Gap.KNOWLEDGE: ("Knowledge", "Does it need facts it lacks, or facts that change?"),
    Gap.LATENCY_COST: ("Latency / cost", "Do prompt length, speed or volume break the budget?"),
}

METHOD_LABELS = {"lora": "LoRA", "qlora": "QLoRA", "full": "Full fine-tuning",
                 "hosted": "Hosted fine-tuning"}

SECTION_TITLES = (
    "Decision requested",
    "Problem",
    "Diagnosis",
    "Tried so far",
    "Decision",
    "Costs",
    "Evaluation",
    "Maintenance",
    "Risks and rollback",
)


def _safe(text: str) -> Markup:
    return Markup(text)


def _label(name: str) -> str:
    return name.replace("_", " ")


def build_context(memo: Memo, findings: list[Finding] | None = None) -> dict[str, Any]:
    facts = Facts(memo)
    if findings is None:
        findings = check_memo(memo, facts=facts)  # one cost report for both
    rec = facts.recommendation
    return {
        "generator": f"memo {__version__}",
        "title": memo.title,
        "author": memo.author,
        "team": memo.team or "",
        "date": memo.date.isoformat() if memo.date else "",
        "status": memo.status.value,
        "decision_requested": memo.decision_requested,
        "owner": memo.owner,
        "problem": {"task": sentence(memo.problem.task), "failure": sentence(memo.problem.failure)},
        "triage": {
            "rows": [
                {
                    "gap": gap.value,
                    "name": TRIAGE_QUESTIONS[gap][0],
                    "question": TRIAGE_QUESTIONS[gap][1],
                    "answer": (memo.triage.answer(gap) or "unanswered"),
                    "present": memo.triage.answer(gap) == TriageAnswer.YES,
                }
                for gap in Gap
            ],
            "evidence": sentence(memo.triage.evidence),
        },
        "diagnosis": [TRIAGE_QUESTIONS[g][0] for g in memo.diagnosis],
        "recommendation": {
            "kind": rec.kind.value,
            "label": FIX_LABELS[rec.kind],
            "reason": rec.reason,
            "followed": rec.accepts(memo.fix.kind),
        },
        "tried": [
            {"approach": t.approach.value, "label": FIX_LABELS[t.approach],
             "result": sentence(t.result)}
            for t in memo.tried
        ],
        "fix": {
            "kind": memo.fix.kind.value,
            "label": FIX_LABELS[memo.fix.kind],
            "also": [FIX_LABELS[k] for k in memo.fix.also],
            "rationale": sentence(memo.fix.rationale),
            "override_reason": sentence(memo.fix.override_reason),
            "premium_reason": memo.fix.premium_reason or "",
        },
        "fine_tune": _fine_tune(memo),
        "alternatives": [
            {"kind": a.kind.value, "label": FIX_LABELS[a.kind], "reason": sentence(a.reason)}
            for a in memo.alternatives
        ],
        "costs": _costs(memo, facts.costs, facts.sensitivity),
        "evaluation": _evaluation(memo),
        "maintenance": _maintenance(memo),
        "risks": [{"risk": sentence(r.risk), "mitigation": sentence(r.mitigation)}
                  for r in memo.risks],
        "rollback": sentence(memo.rollback),
        "findings": [f.as_dict() for f in findings],
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
        "answers_yaml": dump_yaml(memo),
    }


def _fine_tune(memo: Memo) -> dict[str, Any] | None:
    ft = memo.fine_tune
    if ft is None or not memo.fix.kind.is_fine_tune:
        return None
    return {
        "method": METHOD_LABELS[ft.method.value] if ft.method else "",
        "flavor": ft.flavor.value if ft.flavor else "",
        "base_model": ft.base_model,
        "training_examples": _safe(count(ft.training_examples))
        if ft.training_examples is not None else "",
        "data_source": ft.data_source,
        "full_reason": ft.full_reason or "",
        "data_rights": ft.data_rights or "",
        "data_destination": ft.data_destination or "",
        "regression_eval": ft.regression_eval or "",
        "base_model_retires": ft.base_model_retires.isoformat()
        if ft.base_model_retires else "",
    }


def _costs(memo: Memo, report: CostReport | None,
           scenarios: tuple[Scenario, ...]) -> dict[str, Any] | None:
    if memo.costs is None or report is None:
        return None
    horizon = report.horizon_months
    higher = not (memo.evaluation and memo.evaluation.higher_is_better is False)
    # By position, not name: two options may share a name (MEMO-COST-013 flags it).
    by_index = {b.alternative_index: b for b in report.break_even}
    options = []
    for option, computed in zip(memo.costs.options, report.options, strict=True):
        versus = by_index.get(computed.index)
        all_in = computed.all_in_per_request_usd
        per_success = computed.cost_per_success_usd(higher)
        options.append({
            "name": option.name,
            "kind": option.kind.value,
            "label": FIX_LABELS[option.kind],
            "chosen": option.chosen,
            "model": option.model or "",
            "per_request": _safe(usd(computed.per_request_usd)),
            # what a request costs with the fixed monthly costs spread over month 1's volume
            "per_request_all_in": _safe(usd(all_in if all_in is not None
                                            else computed.per_request_usd)),
            "first_month": _safe(usd(computed.first_month_usd)),
            "one_time": _safe(usd(computed.one_time_usd)),
            "tco": _safe(usd(computed.tco_usd)),
            "fixed_items": [{"label": what, "amount": _safe(usd(amount))}
                            for what, amount in computed.fixed_items],
            "quality": _safe(number(computed.quality)) if computed.quality is not None else "",
            "cost_per_success": _safe(usd(per_success)) if per_success is not None else "",
            "retrain": _safe(f"every {computed.retrain_every_months} mo, "
                             f"{usd(computed.retrain_usd)}")
            if computed.retrain_every_months else _safe("-"),
            "break_even": _safe(verdict_short(versus)) if versus else _safe(""),
            "price_source": option.price_source or "",
            "price_date": option.price_date.isoformat() if option.price_date else "",
            "raw": {
                "per_request_usd": computed.per_request_usd,
                "one_time_usd": computed.one_time_usd,
                "tco_usd": computed.tco_usd,
                "first_month_usd": computed.first_month_usd,
                "cumulative_usd": list(computed.cumulative_usd),
                "retrain_months": list(computed.retrain_months),
            },
        })
    chosen = report.chosen
    strongest = report.strongest_alternative()
    headline = ""
    if chosen is not None and strongest is not None:
        # The verdict against the alternative it compares worst with: the chart's title
        headline = f"{chosen.name} {verdict_text(strongest, horizon)} against " \
                   f"{strongest.alternative}."
    sensitivity = []
    if strongest is not None:
        for scenario in scenarios:
            result = next(b for b in scenario.break_even
                          if b.alternative_index == strongest.alternative_index)
            sensitivity.append({"label": scenario.label,
                                "verdict": result.verdict.value,
                                "text": _safe(scenario_short(result)),
                                "long": _safe(scenario_text(result, horizon))})
    return {
        "horizon_months": horizon,
        "horizon": months(horizon),  # "24 months", "1 month"
        "requests_per_month": _safe(compact(report.requests_per_month)),
        "requests_per_month_exact": _safe(count(report.requests_per_month)),
        "growth": _safe(percent(report.monthly_growth_pct)),
        "price_source": memo.costs.price_source,
        "price_date": memo.costs.price_date.isoformat() if memo.costs.price_date else "",
        "options": options,
        "chosen_name": chosen.name if chosen else "",
        "headline": headline,
        "strongest_index": strongest.alternative_index if strongest else None,
        "sensitivity": sensitivity,
        "sensitivity_line": _safe("; ".join(f"{s['label']}: {s['text']}" for s in sensitivity)),
        "break_even": [
            {
                "alternative": b.alternative,
                "alternative_index": b.alternative_index,
                "month": b.month,
                "verdict": b.verdict.value,
                "verdict_text": _safe(verdict_text(b, horizon)),
                "short": _safe(verdict_short(b)),
                "text": _safe(verdict_text(b, horizon)),
                "outcome": _safe(tco_outcome(b, horizon)),
                "volume_text": _safe(volume_text(b, report.requests_per_month)),
                "crossings": [{"month": c.month, "chosen_cheaper": c.chosen_cheaper}
                              for c in b.crossings],
                "tco_difference": _safe(usd(b.tco_difference_usd)),
                "chosen_cheaper": b.verdict.chosen_cheaper_at_horizon,
            }
            for b in report.break_even
        ],
    }


def _evaluation(memo: Memo) -> dict[str, Any] | None:
    ev = memo.evaluation
    if ev is None:
        return None
    return {
        "metric": ev.metric,
        "baseline": _safe(number(ev.baseline)),
        "target": _safe(number(ev.target)),
        "eval_set": sentence(ev.eval_set),
        "held_out": ev.held_out.value if ev.held_out else "",
        "pilot": _safe(number(ev.pilot)) if ev.pilot is not None else "",
        "guardrails": [
            {"metric": g.metric, "baseline": _safe(number(g.baseline)),
             "target": _safe(number(g.target))}
            for g in ev.guardrails
        ],
    }


def _maintenance(memo: Memo) -> dict[str, Any] | None:
    mnt = memo.maintenance
    if mnt is None:
        return None
    return {
        "owner": mnt.owner,
        "retrain_triggers": [_label(t.value) for t in mnt.retrain_triggers],
        "monitoring": sentence(mnt.monitoring),
        "review_by": mnt.review_by.isoformat() if mnt.review_by else "",
    }
