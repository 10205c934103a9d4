import json
import os
import subprocess
import sys

from click.testing import CliRunner

from krlint.cache import ResultCache
from krlint.cli import main
from krlint.config import Config

OKRS = "## Objective: Customers get help fast\n- Launch a chatbot\n- First response time from 9h to 2h\n"
PROBE = (
    "import sys\n"
    "sys.argv = ['krlint', 'check', '--format', 'json', sys.argv[1]]\n"
    "from krlint.cli import main\n"  # the command without its hard exit, so that the modules can be listed
    "try:\n    main()\n"
    "except SystemExit:\n    pass\n"
    "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'sklearn', 'numpy', 'joblib'}), file=sys.stderr)\n"
)


def probe(path, env):
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)["findings"], done.stderr.strip().splitlines()[-1]


def test_an_unchanged_file_is_answered_without_spacy(tmp_path):
    path = tmp_path / "okrs.md"
    path.write_text(OKRS)
    env = {**os.environ, "KRLINT_CACHE_DIR": str(tmp_path / "cache")}
    cold, cold_modules = probe(path, env)
    warm, warm_modules = probe(path, env)
    assert warm == cold and cold
    assert "spacy" in cold_modules and warm_modules == "[]"
    path.write_text(OKRS + "- Hire two agents\n")
    changed, changed_modules = probe(path, env)
    assert len(changed) > len(cold) and "spacy" in changed_modules


def test_key_changes_with_settings_text_and_path(tmp_path):
    cache = ResultCache(tmp_path)
    base = cache.key("a.md", "markdown", OKRS, Config())
    assert base == cache.key("a.md", "markdown", OKRS, Config())
    assert base != cache.key("a.md", "markdown", OKRS + " ", Config())
    assert base != cache.key("b.md", "markdown", OKRS, Config())
    assert base != cache.key("a.md", "markdown", OKRS, Config(ignore=("KR201",)))


def test_no_cache_writes_nothing_and_a_corrupt_entry_is_recomputed(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("KRLINT_CACHE_DIR", str(folder))
    path = tmp_path / "okrs.md"
    path.write_text(OKRS)
    first = CliRunner().invoke(main, ["check", "--no-cache", str(path)])
    assert not folder.exists()
    CliRunner().invoke(main, ["check", str(path)])
    (entry,) = folder.rglob("*.json")
    entry.write_text("{not json")
    again = CliRunner().invoke(main, ["check", str(path)])
    assert again.output == first.output


def test_two_processes_sharing_the_cache_never_corrupt_it(tmp_path):
    folder = tmp_path / "cache"
    files = []
    for n in range(12):
        path = tmp_path / f"team{n}-okrs.md"
        path.write_text(OKRS.replace("chatbot", f"chatbot v{n}"))
        files.append(str(path))
    env = {**os.environ, "KRLINT_CACHE_DIR": str(folder)}
    command = [sys.executable, "-m", "krlint", "check", "--format", "json", *files]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outputs = [json.loads(run.communicate()[0]) for run in runs]
    assert outputs[0] == outputs[1]
    entries = list(folder.rglob("*"))
    assert not [e for e in entries if e.name.startswith(".tmp-")]
    for entry in (e for e in entries if e.is_file()):
        json.loads(entry.read_text())
    warm = json.loads(subprocess.run(command, capture_output=True, text=True, env=env).stdout)
    assert warm == outputs[0]


def test_clean_removes_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("KRLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    result = CliRunner().invoke(main, ["clean"])
    assert result.exit_code == 0 and not (tmp_path / "cache").exists()
