"""The built validators kept between runs (compliance.submission.prebuilt): a run that builds them
from the cache accepts, refuses and dumps exactly what a run that builds them from the model does,
the JSON Schema stays the same, and a cache that cannot be used (corrupt, from other sources,
writable by others, unwritable) means the usual build, never a failure."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# what a run validates: every example, and inputs that each fail on another kind of validator
PROBE = r"""
import copy, json, sys, glob
import yaml
from pydantic import ValidationError
from compliance.submission import model, prebuilt
from compliance.agreements import plan

def outcome(data):
    try:
        sub = model.Submission.model_validate(data)
    except ValidationError as e:
        return {"errors": e.errors(include_url=False)}
    return {"dump": sub.model_dump(mode="json"), "price": [a.price.model_dump(mode="json")
            for a in sub.agreements if getattr(a, "price", None) is not None]}

examples = sorted(glob.glob(sys.argv[1] + "/examples/*.yaml"))
base = yaml.safe_load(open(examples[0], encoding="utf-8"))
bad = []
for path, value in [(("project", "province"), "99"), (("project", "mechanism"), "nope"),
                    (("developer", "uscc"), "91430100MA4L0000X0"), (("plots", 0, "area_ha"), True),
                    (("plots", 0, "county"), "439999"), (("plots", 0, "aera_ha"), 1.0),
                    (("rights_holders", 1, "id_number"), "430626199203154412"),
                    (("plots", 0, "geometry"), {"type": "Point", "coordinates": [1, 2]})]:
    d = copy.deepcopy(base)
    node = d
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    bad.append(d)
out = {"examples": [outcome(yaml.safe_load(open(p, encoding="utf-8"))) for p in examples],
       "bad": [outcome(d) for d in bad],
       "agreement": [repr(plan._agreement_adapter().validate_python(a)) for a in base["agreements"]],
       "from_cache": "compliance.submission.model.Submission" in prebuilt._entries()
                     and not model.Submission.__pydantic_complete__}
print(json.dumps(out, ensure_ascii=False, sort_keys=True, default=str))
"""


def _run(cache_home: Path, code: str = PROBE, env_extra: dict | None = None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(cache_home), PYDANTIC_DISABLE_PLUGINS="__all__")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(env_extra or {})
    r = subprocess.run([sys.executable, "-c", code, str(ROOT)], env=env, capture_output=True, text=True,
                       cwd=tempfile.gettempdir())
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "compliance").glob("validators-*.pickle"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The probe with the validators built from the model (no usable cache directory)."""
    tmp = tmp_path_factory.mktemp("nocache")
    (tmp / "not-a-dir").write_text("")
    got = _run(tmp / "not-a-dir")
    assert got["from_cache"] is False
    return got


def test_validators_from_the_cache_answer_as_the_built_ones(built, tmp_path):
    home = tmp_path / "cache"
    first = _run(home)                      # builds, and stores
    assert not first["from_cache"] and len(_files(home)) == 1
    mode = _files(home)[0].stat().st_mode
    assert mode & 0o777 == 0o600 and (home / "compliance").stat().st_mode & 0o777 == 0o700
    second = _run(home)                     # from the cache
    assert second["from_cache"] is True
    for got in (first, second):
        assert got["examples"] == built["examples"]
        assert got["bad"] == built["bad"]
        assert got["agreement"] == built["agreement"]
    assert all("errors" in b for b in built["bad"]) and all("dump" in e for e in built["examples"])


def test_the_json_schema_is_the_same_with_a_warm_cache(tmp_path):
    code = "from compliance.submission.schema import schema; import json; print(json.dumps(schema(), ensure_ascii=False))"
    (tmp_path / "not-a-dir").write_text("")
    plain = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                           env=dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "not-a-dir"),
                                    PYDANTIC_DISABLE_PLUGINS="__all__"))
    home = tmp_path / "cache"
    _run(home)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(home),
                                   PYDANTIC_DISABLE_PLUGINS="__all__"))
    assert plain.returncode == warm.returncode == 0
    assert warm.stdout == plain.stdout and '"$defs"' in plain.stdout


def test_a_corrupt_cache_file_means_the_usual_build_and_is_replaced(built, tmp_path):
    home = tmp_path / "cache"
    _run(home)
    file = _files(home)[0]
    file.write_bytes(file.read_bytes()[:500])          # cut short
    got = _run(home)
    assert got["from_cache"] is False
    assert got["examples"] == built["examples"] and got["bad"] == built["bad"]
    assert _run(home)["from_cache"] is True             # written again, whole


def test_an_entry_stored_for_other_sources_is_rebuilt(built, tmp_path):
    home = tmp_path / "cache"
    _run(home)
    file = _files(home)[0]
    with open(file, "rb") as f:
        header, entries = pickle.load(f), pickle.load(f)
    name = "compliance.submission.model.Submission"
    digests, schema, config = entries[name]
    entries[name] = ({**digests, "compliance.submission.model": "0" * 32}, schema, config)   # the model changed
    with open(file, "wb") as f:
        pickle.dump(header, f)
        pickle.dump(entries, f)
    got = _run(home)
    assert got["from_cache"] is False and got["examples"] == built["examples"] and got["bad"] == built["bad"]
    with open(file, "rb") as f:
        pickle.load(f)
        assert pickle.load(f)[name][0] == digests          # stored again for the current sources
    assert _run(home)["from_cache"] is True


def test_a_cache_file_others_can_write_is_not_read(tmp_path):
    home = tmp_path / "cache"
    _run(home)
    os.chmod(_files(home)[0], 0o666)
    assert _run(home)["from_cache"] is False


def test_an_unwritable_cache_directory_still_validates(built, tmp_path):
    (tmp_path / "file").write_text("")
    for home in (tmp_path / "file", tmp_path / "file" / "below"):   # not a directory: nothing can be created
        got = _run(home)
        assert got["from_cache"] is False and got["examples"] == built["examples"] and got["bad"] == built["bad"]


def test_with_pydantic_plugins_enabled_the_cache_is_not_used(tmp_path):
    home = tmp_path / "cache"
    _run(home)
    assert _run(home, env_extra={"PYDANTIC_DISABLE_PLUGINS": ""})["from_cache"] is False


def test_files_of_other_installations_unused_for_a_month_are_removed(tmp_path):
    home = tmp_path / "cache"
    (home / "compliance").mkdir(parents=True, mode=0o700)
    old, recent = home / "compliance" / "validators-old.pickle", home / "compliance" / "validators-recent.pickle"
    for f in (old, recent):
        f.write_bytes(b"")
    month = 31 * 86400
    os.utime(old, (old.stat().st_atime - month, old.stat().st_mtime - month))
    _run(home)                                          # writes its own file
    assert not old.exists() and recent.exists() and len(_files(home)) == 2
