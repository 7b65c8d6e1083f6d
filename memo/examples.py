"""Examples that fit the memo being written: a latency/cost case sees latency and cost figures,
a clinical capability case sees clinical ones, not always the support bot.

The case is read from the answers so far (the triage's yes answers, then the chosen fix); the
questionnaire shows the example of that case as a placeholder (never as pre-filled text).
Pure data and one small classifier; nothing here prompts.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Case(StrEnum):
    GENERAL = "general"  # nothing known yet (the problem comes before the triage)
    KNOWLEDGE = "knowledge"  # missing or changing facts: retrieval (a support bot)
    FORMAT = "format"  # right answer, wrong shape: schema and examples (ticket records)
    CAPABILITY = "capability"  # a skill the model lacks: fine-tune (clinical entity extraction)
    LATENCY_COST = "latency_cost"  # too slow or too dear at volume (invoice extraction)
    BEHAVIOUR = "behaviour"  # behaviour plus changing facts: RAG + fine-tune (claims intake)


def case_of(answers: dict[str, Any]) -> Case:
    """The kind of case the answers describe, for choosing examples."""
    triage = answers.get("triage") or {}
    gaps = {g for g in ("capability", "format", "knowledge", "latency_cost")
            if str(triage.get(f"{g}_gap", "")).lower() in ("yes", "true")}
    kind = str((answers.get("fix") or {}).get("kind") or "")
    if kind == "rag_fine_tune" or {"capability", "knowledge"} <= gaps:
        return Case.BEHAVIOUR
    # the gaps say what the case is about; the fix kind only where no gap is named
    by_gap = (("capability", Case.CAPABILITY), ("knowledge", Case.KNOWLEDGE),
              ("format", Case.FORMAT), ("latency_cost", Case.LATENCY_COST))
    if gaps == {"latency_cost"}:
        return Case.LATENCY_COST
    for gap, case in by_gap:
        if gap in gaps:
            return case
    by_kind = {"caching": Case.LATENCY_COST, "model_swap": Case.LATENCY_COST,
               "workflow": Case.LATENCY_COST, "fine_tune": Case.CAPABILITY,
               "rag": Case.KNOWLEDGE, "few_shot": Case.FORMAT,
               "structured_output": Case.FORMAT}
    if kind in by_kind:
        return by_kind[kind]
    return Case.GENERAL


def _ex(general: str, *, knowledge: str = "", format: str = "", capability: str = "",
        latency_cost: str = "", behaviour: str = "") -> dict[Case, str]:
    given = {Case.GENERAL: general, Case.KNOWLEDGE: knowledge, Case.FORMAT: format,
             Case.CAPABILITY: capability, Case.LATENCY_COST: latency_cost,
             Case.BEHAVIOUR: behaviour}
    return {case: text for case, text in given.items() if text}


# Keyed by field path as `all_fields()` spells it (list items as `list[].field`).
EXAMPLES: dict[str, dict[Case, str]] = {
    "problem.task": _ex(
        "Answer customer questions about our 40 products in the support chat",
        latency_cost="Extract supplier, total and due date from 2M invoices a month within 2 s",
        capability="Extract medications, doses and negations from clinical notes into coded "
                   "records",
        format="Turn each support email into a ticket record the ticketing system imports",
        behaviour="Take first notice of loss in chat, asking the mandatory questions in order"),
    "problem.failure": _ex(
        "38% of 500 sampled answers name the wrong plan or a retired price",
        latency_cost="$42,700 a month against a $15,000 budget; p95 3.8 s against 2 s; "
                     "accuracy fine at 94% of 1,500",
        capability="Best prompt misses 1 in 4 negations: F1 0.74 on 600 notes",
        format="22% of 500 outputs failed the import: missing fields, prose around the JSON",
        behaviour="36% of 300 chats skipped a mandatory question; 21% quoted a wrong limit"),
    "triage.evidence": _ex(
        "Best prompt with the product docs pasted in: 91% correct on 200 tickets; without: 62%",
        latency_cost="94% right on 1,500 invoices, but 7,000 tokens each: $17.80 per 1,000 "
                     "and p95 3.8 s",
        capability="Best prompt F1 0.61 on 600 notes; with the guideline pasted in 0.63; "
                   "20 examples 0.74",
        format="Content right in 95% of 500 outputs graded by agents; only the shape was wrong",
        behaviour="With the policy pasted in, the protocol is followed in 64% of 300 chats"),
    "fix.override_reason": _ex(
        "Retrieval latency breaks our 300 ms budget; measured p95 900 ms",
        latency_cost="A smaller model loses 4 points; the distilled model keeps accuracy and "
                     "pays back in month 9",
        capability="Retrieved examples added only 0.02 F1; the skill itself is missing"),
    "fix.rationale": _ex(
        "Facts change weekly; retrieval keeps answers current without retraining",
        latency_cost="A trimmed, cached prompt on a smaller model meets the $5 per 1,000 budget "
                     "and p95 2 s without training anything",
        capability="In-context methods stall at F1 0.76; a LoRA adapter on 4,000 coded notes "
                   "reached 0.89 in a pilot",
        format="The content is right; a JSON schema in strict mode fixes the shape in a day",
        behaviour="Retrieval fixes the facts; the intake protocol is behaviour the base model "
                  "lacks"),
    "fine_tune.base_model": _ex(
        "Llama-3.1-8B-Instruct",
        latency_cost="gpt-4o-mini-2024-07-18, distilled from gpt-4o labels",
        behaviour="gpt-4o-mini-2024-07-18 (hosted fine-tuning)"),
    "fine_tune.training_examples": _ex("4,000", latency_cost="20,000", behaviour="2,500",
                                       format="1,500"),
    "fine_tune.data_source": _ex(
        "3,000 answered tickets with the agent's final answer",
        latency_cost="20,000 invoices labelled by gpt-4o, 500 spot-checked by AP clerks",
        capability="4,000 de-identified notes coded by two clinical coders, kappa 0.82",
        format="1,500 emails with their corrected ticket records",
        behaviour="2,500 approved chats rewritten by senior handlers as ideal transcripts"),
    "fine_tune.data_rights": _ex(
        "Tickets under our terms of service; names and emails removed before training",
        latency_cost="Supplier invoices under our processing terms; bank details masked",
        capability="De-identified by the hospital before export; used under its research "
                   "agreement",
        behaviour="Customers consented to recording for training; handlers replaced names "
                  "and policy numbers"),
    "fine_tune.data_destination": _ex(
        "The vendor's fine-tuning API under our zero-retention agreement",
        capability="Our own GPUs in the hospital VPC; nothing leaves it"),
    "fine_tune.regression_eval": _ex(
        "Our 200-prompt safety set and an MMLU subset; release blocked on a drop above 2 points",
        capability="The 600-note eval set, 300 notes of other types and a leaked-identifier "
                   "probe"),
    "tried[].result": _ex(
        "62% correct on 200 held-out tickets",
        latency_cost="Prompt cut from 7,000 to 3,200 tokens: 93.5% of 1,500 invoices right, "
                     "$7.80 per 1,000",
        capability="20 examples: F1 0.74 on 600 held-out notes",
        format="Stricter instructions: 84% of 500 outputs imported (was 78%)",
        behaviour="Protocol as a checklist: followed in 64% of 300 chats"),
    "alternatives[].reason": _ex(
        "Fine-tuning does not reliably add facts that change weekly",
        latency_cost="A distilled fine-tune costs $58k more over 24 months for 1.9 points "
                     "nobody asked for",
        capability="gpt-4o with 20 examples stalls at F1 0.74, below the 0.88 target",
        format="Weeks of labelling for a shape a JSON schema fixes in a day",
        behaviour="Retrieval alone fixes the facts but not the protocol (66% of 300 chats)"),
    "costs.requests_per_month": _ex("200,000", knowledge="40,000", latency_cost="2.4M",
                                    capability="300,000", behaviour="80,000"),
    "costs.monthly_growth_pct": _ex("3%", latency_cost="2%", capability="0"),
    "costs.options[].quality": _ex("0.74", latency_cost="0.93", knowledge="0.87"),
    "costs.options[].input_tokens": _ex("3,200", knowledge="2,400", format="1,200",
                                        capability="6,000", latency_cost="7,000",
                                        behaviour="2,200"),
    "costs.options[].cached_input_tokens": _ex("2,800", latency_cost="2,900",
                                               capability="4,500", behaviour="4,000"),
    "costs.options[].output_tokens": _ex("250", knowledge="300", capability="400",
                                         latency_cost="30"),
    "costs.options[].monthly_serving_usd": _ex("1,168 (two L4 GPUs: 2 x 730 h x $0.80)"),
    "costs.options[].monthly_people_usd": _ex("1,000", latency_cost="1,500",
                                              knowledge="300"),
    "costs.options[].monthly_labelling_usd": _ex("450", capability="3,250", latency_cost="600"),
    "costs.options[].monthly_fixed_usd": _ex("70 (a managed vector database)"),
    "costs.options[].one_time_usd": _ex("6,000", capability="28,000", format="800",
                                        latency_cost="4,000", behaviour="17,000"),
    "fix.premium_reason": _ex(
        "The cheaper option stalls at 74%; the target is 88%",
        capability="gpt-4o with examples stalls at F1 0.74; the registry needs 0.88",
        latency_cost="The cheaper option misses the 2 s latency budget (p95 3.1 s)"),
    "evaluation.metric": _ex(
        "answer correctness (human-graded)",
        latency_cost="model cost per 1,000 invoices (USD)",
        capability="entity-level F1 on held-out notes",
        format="share of records imported with all fields correct",
        behaviour="share of chats passing compliance review"),
    "evaluation.baseline": _ex("0.62", latency_cost="17.80", capability="0.74", format="0.74",
                               behaviour="0.55"),
    "evaluation.target": _ex("0.90", latency_cost="5.00", capability="0.88", format="0.95",
                             behaviour="0.92"),
    "evaluation.eval_set": _ex(
        "300 real tickets from May, held out from every prompt",
        latency_cost="1,500 October invoices checked by AP clerks, held out of the examples",
        capability="600 double-annotated notes from 3 hospitals, held out of training",
        format="300 emails from September labelled by two agents, held out of the examples",
        behaviour="400 reviewed chats from Q3, held out of training and examples"),
    "evaluation.eval_set_size": _ex("300", latency_cost="1,500", capability="600",
                                    behaviour="400"),
    "evaluation.pilot": _ex("0.87", latency_cost="4.70", capability="0.89", format="0.96"),
    "evaluation.guardrails[].metric": _ex("p95 latency (ms)",
                                          capability="F1 on other note types",
                                          latency_cost="share of invoices extracted right"),
    "evaluation.guardrails[].baseline": _ex("4,200", capability="0.81", latency_cost="0.94"),
    "evaluation.guardrails[].target": _ex("1,500", capability="0.79", latency_cost="0.93"),
    "maintenance.monitoring": _ex(
        "weekly: 200 sampled answers graded; alert below 84%",
        latency_cost="cost and p95 latency per day from the gateway; alert above $700 a day "
                     "or 2,000 ms",
        capability="weekly F1 on 150 fresh annotated notes; alert below 0.82",
        format="import failures daily from the logs; alert above 1% a day",
        behaviour="monthly compliance review of 250 chats; alert below 87%"),
    "maintenance.sample_size": _ex("200", capability="150", latency_cost="400",
                                   behaviour="250"),
    "maintenance.alert_below": _ex("0.84", capability="0.82", format="0.91", behaviour="0.87",
                                   latency_cost="0.90"),
    "risks[].risk": _ex(
        "retrieval returns a stale document",
        latency_cost="the share of requests escalated to the large model drifts up",
        capability="the adapter memorises patient details from training notes",
        format="the ticketing system adds a field the schema lacks",
        behaviour="the vendor retires the base model and the fine-tune with it"),
    "risks[].mitigation": _ex(
        "nightly re-index; filter by effective date",
        latency_cost="alert above 12% a day; the confidence threshold is config",
        capability="train only on de-identified notes; serve inside the VPC",
        format="generate the schema from the ticketing API definition in CI",
        behaviour="keep data and recipe versioned; retrain on the successor"),
    "rollback": _ex(
        "Feature flag back to the current prompt within minutes",
        latency_cost="Routing config switches back to the current model in minutes",
        capability="The few-shot pipeline stays deployed behind a routing flag",
        format="The old prompt stays in the registry; one config line switches back",
        behaviour="The retrieval-only pipeline stays behind a flag for the first quarter"),
    "title": _ex(
        "Support bot: retrieval over product docs instead of fine-tuning",
        latency_cost="Invoice extraction: trim, cache and route to a smaller model",
        capability="LoRA-tune an 8B model to extract entities from clinical notes",
        format="Fix the ticket record shape with a JSON schema and three examples",
        behaviour="Fine-tune claims intake for the protocol; retrieve the policy facts"),
    "decision_requested": _ex(
        "Approve two weeks to build retrieval over the product docs",
        latency_cost="Approve one engineer-week to ship the trimmed, cached prompt on the "
                     "smaller model",
        capability="Approve $28k and two GPUs to train and serve a LoRA adapter",
        format="Approve one engineer-day to switch to schema-constrained output",
        behaviour="Approve $17k for retrieval and a hosted fine-tune"),
}
