"""A JSON document's walk (``inspect(tree=True)``: no container shared, lists of numbers not entered)
refuses exactly what the general walk refuses, naming the same field."""
from __future__ import annotations

import json
import random

from compliance.submission import files

BAD = ["ok", "a\x01b", "\x7f", "中文", "x" * 3]


def _doc(rng: random.Random, depth: int = 0):
    r = rng.random()
    if depth > 40 or r < 0.3:
        return rng.choice([1, 2.5, True, None, rng.choice(BAD), -3])
    if r < 0.55:
        return [_doc(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if r < 0.7:             # a ring of coordinate pairs, sometimes with a string in a pair
        return [[rng.random(), rng.choice([0.5, 1, "a\x02"]) if rng.random() < 0.1 else rng.random()]
                for _ in range(rng.randint(0, 3))]
    if r < 0.75:            # numbers nested near and past MAX_DEPTH
        v = [1.0, 2.0]
        for _ in range(rng.randint(files.MAX_DEPTH - 8, files.MAX_DEPTH + 4)):
            v = [v]
        return v
    return {rng.choice(BAD) + str(i): _doc(rng, depth + 1) for i in range(rng.randint(0, 4))}


def _refusal(data, tree: bool):
    try:
        files.inspect(data, "x.json", parsed=True, tree=tree)
    except files.InvalidSubmission as e:
        return [(p.path, p.type, p.ctx) for p in e.problems]
    return None


def test_the_json_walk_refuses_what_the_general_walk_refuses():
    rng = random.Random(14)
    refused = 0
    for _ in range(3000):
        text = json.dumps(_doc(rng), ensure_ascii=False)
        general = _refusal(json.loads(text, strict=False), tree=False)
        assert _refusal(json.loads(text, strict=False), tree=True) == general, text[:300]
        refused += general is not None
    assert 300 < refused < 2700        # both outcomes are exercised


def test_a_control_character_in_a_coordinate_is_named_in_json():
    text = '{"plots": [{"geometry": {"type": "Polygon", "coordinates": [[[1.0, 2.0], [3.0, "4\\u0001"]]]}}]}'
    problems = _refusal(json.loads(text), tree=True)
    assert problems == [("plots[0].geometry.coordinates[0][1][1]", "control_character", {"char": "\\x01"})]
