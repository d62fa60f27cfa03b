"""The cross-project steps of a portfolio run, and where their joins happen.

A step is a function over every project of the portfolio, ``step(ctx) -> {project id: [Finding]}``;
the rules it decides are declared in ``compliance.rules`` (``compliance.rules.portfolio``) beside
their citations (a step decides, it does not declare). ``ctx.join`` runs the step's keyed work:
``ctx.join.grouped(frame, keys, fn)`` applies ``fn`` to parts of a pandas frame that each hold
every row of the keys they hold, and concatenates the results — one part in this process
(``rules.LocalJoin``), hash partitions of a shuffle on ``keys`` on a Dask cluster
(``backends.dask.DaskJoin``). A step that sorts its output by a stable row id gives the same
findings in the same order either way.

X-double-claim, X-enclosure and X-overlap are registered here (the same steps, in the same order,
as ``compliance.rules.portfolio.portfolio_findings``); another is added with
``register(rule_id, step)``. X-overlap (every project's plot geometry, an STRtree in
``compliance.submission.geometry.overlap``) still runs in this process.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from compliance.rules.portfolio import (LOCAL_JOIN, Extract, claims_frame, double_claim_findings, find_double_claims,
                                        find_enclosure, overlap_findings)


@dataclass
class CrossContext:
    extracts: list[Extract]          # checked projects (they get findings)
    unchecked: list[Extract]         # projects with invalid input: their plots still count as claims
    join: object = LOCAL_JOIN        # .grouped(frame, keys, fn)
    double_claims: list = field(default_factory=list)      # set by the X-double-claim step


Step = Callable[[CrossContext], dict]
STEPS: dict[str, Step] = {}


def register(rule_id: str, step: Step) -> None:
    """Add (or replace) the cross-project step deciding ``rule_id``; steps run in registration order."""
    STEPS[rule_id] = step


def double_claim_step(ctx: CrossContext) -> dict:
    claims = find_double_claims(claims_frame([*ctx.extracts, *ctx.unchecked]), ctx.join)
    ctx.double_claims = claims
    return double_claim_findings(claims, {e.project_id: e.as_of for e in ctx.extracts})


def enclosure_step(ctx: CrossContext) -> dict:
    # one row per developer's stale agreement: a few per project; a group-by in this process
    return find_enclosure(ctx.extracts)


def overlap_step(ctx: CrossContext) -> dict:
    return overlap_findings(ctx.extracts)


register("X-double-claim", double_claim_step)
register("X-enclosure", enclosure_step)
register("X-overlap", overlap_step)


def run_steps(extracts: list[Extract], unchecked: list[Extract] = (), join=LOCAL_JOIN) -> tuple[dict, list]:
    """Every registered step's findings per project id, and the double claims found."""
    ctx = CrossContext(list(extracts), list(unchecked), join)
    out: dict[str, list] = {}
    for step in STEPS.values():
        for pid, fs in step(ctx).items():
            out.setdefault(pid, []).extend(fs)
    return out, ctx.double_claims
