"""Airflow 3 as its users meet it, with the vocabulary written from the peer linter's own rule
tables (`benchmarks/airflow3-vocab.yaml`) and real example DAGs of Airflow 2.2.5
(`tests/data/airflow/airflow/example_dags`): a removed package whose names are used, a
decorator called before its name is rebound, classes renamed as they moved."""

from __future__ import annotations

import ast
import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

from ...conftest import DATA, REPO

AIRFLOW = DATA / "airflow"
RULE_TABLES = str(REPO / "benchmarks" / "airflow3-vocab.yaml")
EXAMPLES = "airflow/example_dags"


def _findings(run_cli: Any, cwd: Path, vocab: str, *paths: str) -> list[tuple[str, int, str, str, bool]]:
    result = run_cli("check", "--no-cache", "--format", "json", "--vocab", vocab, *paths, cwd=cwd)
    assert result.code in (0, 1), result.err
    return [
        (Path(f["path"]).name, f["line"], f["context"], f["matched"], f["fixable"])
        for f in json.loads(result.out)["findings"]
    ]


def _vocabulary(folder: Path, entries: str) -> str:
    path = folder / "vocab.yaml"
    path.write_text("version: 1\nname: airflow-3\nterms: []\n" + textwrap.dedent(entries), encoding="utf-8")
    return str(path)


def test_real_example_dags_against_the_rule_tables(run_cli: Any) -> None:
    """Each use of a name imported from the removed `airflow.operators.subdag` is found (the
    import is the removed module); `@dag(schedule_interval=...)` resolves although `dag` is
    rebound below it; a reference in the header of a `with` is reported once."""
    found = _findings(run_cli, AIRFLOW, RULE_TABLES, EXAMPLES)
    assert found == [
        ("example_dag_decorator.py", 25, "import", "airflow.operators.email", True),
        ("example_dag_decorator.py", 41, "keyword", "schedule_interval", True),
        ("example_dag_decorator.py", 65, "identifier", "EmailOperator", False),
        ("example_subdag_operator.py", 24, "import", "airflow.operators.dummy", True),
        ("example_subdag_operator.py", 24, "import", "DummyOperator", True),
        ("example_subdag_operator.py", 25, "import", "airflow.operators.subdag", False),
        ("example_subdag_operator.py", 26, "import", "days_ago", False),
        ("example_subdag_operator.py", 33, "identifier", "days_ago", False),
        ("example_subdag_operator.py", 34, "keyword", "schedule_interval", True),
        ("example_subdag_operator.py", 38, "identifier", "DummyOperator", True),
        ("example_subdag_operator.py", 42, "identifier", "SubDagOperator", False),
        ("example_subdag_operator.py", 47, "identifier", "DummyOperator", True),
        ("example_subdag_operator.py", 51, "identifier", "SubDagOperator", False),
        ("example_subdag_operator.py", 56, "identifier", "DummyOperator", True),
    ]


def test_fixing_real_example_dags_moves_imports_and_renames_uses(tmp_path: Path, run_cli: Any) -> None:
    """`DummyOperator` moved to the standard provider as `EmptyOperator`: the import names the
    new module and the new name, and every use the new name; the result compiles, and what
    is left has no single replacement (the removed package, `days_ago`)."""
    shutil.copytree(AIRFLOW / EXAMPLES, tmp_path / "dags")
    run_cli("fix", "--no-cache", "--vocab", RULE_TABLES, "dags", cwd=tmp_path)
    subdag = (tmp_path / "dags" / "example_subdag_operator.py").read_text(encoding="utf-8")
    assert "from airflow.providers.standard.operators.empty import EmptyOperator\n" in subdag
    assert "DummyOperator" not in subdag and subdag.count("EmptyOperator(") == 3
    assert 'schedule="@once",' in subdag
    decorator = (tmp_path / "dags" / "example_dag_decorator.py").read_text(encoding="utf-8")
    assert "from airflow.providers.smtp.operators.smtp import EmailOperator\n" in decorator
    for text in (subdag, decorator):
        ast.parse(text)
    left = _findings(run_cli, tmp_path, RULE_TABLES, "dags")
    assert {(matched, fixable) for _, _, _, matched, fixable in left} == {
        ("airflow.operators.subdag", False),
        ("SubDagOperator", False),
        ("days_ago", False),
    }


PROVIDER_EXAMPLE = "airflow/providers/amazon/aws/example_dags/example_google_api_to_s3_transfer_advanced.py"


def test_an_import_whose_names_part_ways_is_split_in_two(tmp_path: Path, run_cli: Any) -> None:
    """A real provider's DAG imports `BranchPythonOperator` (stays) beside `get_current_context`
    (moved to `airflow.sdk`): the statement is reported once and fixed into two, the staying
    name first; the use of the moved name then resolves to its new module."""
    found = _findings(run_cli, AIRFLOW, RULE_TABLES, PROVIDER_EXAMPLE)
    statement = "from airflow.operators.python import BranchPythonOperator, get_current_context"
    assert ("example_google_api_to_s3_transfer_advanced.py", 40, "import", statement, True) in found
    shutil.copy(AIRFLOW / PROVIDER_EXAMPLE, tmp_path / "dag.py")
    run_cli("fix", "--no-cache", "--vocab", RULE_TABLES, "dag.py", cwd=tmp_path)
    fixed = (tmp_path / "dag.py").read_text(encoding="utf-8")
    assert (
        "\nfrom airflow.operators.python import BranchPythonOperator\nfrom airflow.sdk import get_current_context\n"
        in fixed
    )
    assert "        context = get_current_context()\n" in fixed
    ast.parse(fixed)
    left = {matched for _, _, _, matched, _ in _findings(run_cli, tmp_path, RULE_TABLES, "dag.py")}
    assert left == {"days_ago"}  # no single replacement


def test_a_split_keeps_aliases_and_renames_and_is_refused_where_it_would_lose_or_break(
    tmp_path: Path, run_cli: Any
) -> None:
    """Names moving to two modules, one renamed as it moved, one under `as`; a statement with a
    comment inside, one after another statement on its line, and a fallback are advice per name."""
    vocab = _vocabulary(
        tmp_path,
        """\
        removed:
          - {name: pkg.ops.Runner, qualified: true, replacement: plug.ops.Runner}
          - {name: pkg.ops.Old, qualified: true, replacement: plug.std.New}
          - {name: pkg.ops.Shell, qualified: true, replacement: plug.std.Shell}
        """,
    )
    code = textwrap.dedent(
        """\
        import sys
        if sys:
            from pkg.ops import (Stays, Runner as R,
                                 Old, Shell)
        from pkg.ops import (  # why we import these
            Stays, Old,
        )
        x = 1; from pkg.ops import Stays, Shell
        try:
            from plug.std import Shell
        except ImportError:
            from pkg.ops import Stays, Shell


        def use():
            return Stays, R(), Old(), Shell
        """
    )
    (tmp_path / "app.py").write_text(code, encoding="utf-8")
    found = _findings(run_cli, tmp_path, vocab, "app.py")
    split = [f for f in found if f[2] == "import" and f[3].startswith("from ")]
    assert [(line, fixable) for _, line, _, _, fixable in split] == [(3, True)]
    assert [(line, matched) for _, line, context, matched, _ in found if context == "import" and line > 3] == [
        (6, "Old"),
        (8, "Shell"),
        (12, "Shell"),
    ]
    run_cli("fix", "--no-cache", "--vocab", vocab, "app.py", cwd=tmp_path)
    fixed = (tmp_path / "app.py").read_text(encoding="utf-8")
    assert fixed.splitlines()[2:6] == [
        "    from pkg.ops import Stays",
        "    from plug.ops import Runner as R",
        "    from plug.std import New, Shell",
        "from pkg.ops import (  # why we import these",
    ]
    assert fixed.endswith("    return Stays, R(), Old(), Shell\n")  # `Old` is also imported below
    ast.parse(fixed)


def test_names_from_a_removed_package_are_its_uses(tmp_path: Path, run_cli: Any) -> None:
    """One `moved_modules` entry with no new home covers the names imported from the package or
    any module under it, under an alias too, in functions too; never fixed; a local name that
    is not imported from it is not."""
    vocab = _vocabulary(tmp_path, "moved_modules:\n  - old: pkg.legacy\n    new: []\n")
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """\
            from pkg.legacy.ops import Runner, Shell as OldShell


            def run():
                from pkg.legacy import helpers
                return Runner(), OldShell(), helpers


            def other(Runner):
                return Runner


            def parent():
                from pkg import legacy as old
                return old.ops
            """
        ),
        encoding="utf-8",
    )
    found = _findings(run_cli, tmp_path, vocab, "app.py")
    assert found == [
        ("app.py", 1, "import", "pkg.legacy", False),
        ("app.py", 5, "import", "pkg.legacy", False),
        ("app.py", 6, "identifier", "Runner", False),
        ("app.py", 6, "identifier", "OldShell", False),
        ("app.py", 6, "identifier", "helpers", False),
        ("app.py", 14, "import", "legacy", False),
        ("app.py", 15, "identifier", "old", False),
    ]
    result = run_cli("check", "--no-cache", "--vocab", vocab, "app.py", cwd=tmp_path)
    assert "'pkg.legacy.ops.Runner' was removed (its module 'pkg.legacy' was removed)" in result.out


DAG_DECORATOR_KEYWORD = """\
removed:
  - name: airflow.decorators.dag(schedule_interval)
    qualified: true
    replacement: schedule
"""


def test_code_that_runs_as_the_module_loads_reads_the_binding_made_last_above_it(tmp_path: Path, run_cli: Any) -> None:
    """`@dag(...)` runs before `dag = build()` rebinds the name: it is the imported decorator.
    A function body runs later, when `dag` may be either: no one's."""
    vocab = _vocabulary(tmp_path, DAG_DECORATOR_KEYWORD)
    (tmp_path / "pipeline.py").write_text(
        textwrap.dedent(
            """\
            from airflow.decorators import dag


            @dag(schedule_interval=None)
            def build():
                return dag(schedule_interval="@daily")


            dag = build()
            again = dag(schedule_interval="@hourly")
            """
        ),
        encoding="utf-8",
    )
    assert _findings(run_cli, tmp_path, vocab, "pipeline.py") == [
        ("pipeline.py", 4, "keyword", "schedule_interval", True)
    ]


def test_a_walrus_in_a_nested_function_does_not_rebind_the_module_s_name(tmp_path: Path, run_cli: Any) -> None:
    """Only what a statement's own expressions bind counts: `(dag := ...)` in a function defined
    under an `if` binds the function's `dag`, so the decorator below still reads the import."""
    vocab = _vocabulary(tmp_path, DAG_DECORATOR_KEYWORD)
    (tmp_path / "pipeline.py").write_text(
        textwrap.dedent(
            """\
            import sys

            from airflow.decorators import dag

            if sys.version_info >= (3, 8):
                def helper():
                    return (dag := 1)


            @dag(schedule_interval=None)
            def build():
                pass


            dag = build()
            """
        ),
        encoding="utf-8",
    )
    assert _findings(run_cli, tmp_path, vocab, "pipeline.py") == [
        ("pipeline.py", 10, "keyword", "schedule_interval", True)
    ]


def test_a_name_renamed_as_it_moved(tmp_path: Path, run_cli: Any) -> None:
    """The import is rewritten to the new module and name, and its uses renamed; under `as`
    the alias stays the user's name; where another import statement that is not rewritten
    (a comment inside it) binds the name too, its uses are left for that import to decide."""
    vocab = _vocabulary(
        tmp_path,
        """\
        removed:
          - name: pkg.ops.Dummy
            qualified: true
            case: exact
            replacement: plugins.std.Empty
        """,
    )
    files = {
        "plain.py": "from pkg.ops import Dummy\n\nfirst = Dummy()\n\n\ndef later():\n    return Dummy\n",
        "aliased.py": "from pkg.ops import Dummy as D\n\nfirst = D()\n",
        "mixed.py": "from pkg.ops import Dummy\n\nfirst = Dummy()\n\n\ndef f():\n    from pkg.ops import (Dummy,  # old\n        kept)\n\n    return Dummy, kept\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run_cli("fix", "--no-cache", "--vocab", vocab, *files, cwd=tmp_path)
    assert (tmp_path / "plain.py").read_text() == (
        "from plugins.std import Empty\n\nfirst = Empty()\n\n\ndef later():\n    return Empty\n"
    )
    assert (tmp_path / "aliased.py").read_text() == "from plugins.std import Empty as D\n\nfirst = D()\n"
    mixed = (tmp_path / "mixed.py").read_text()
    assert mixed.startswith("from plugins.std import Empty\n\nfirst = Dummy()\n")
    assert "from pkg.ops import (Dummy,  # old\n" in mixed  # a split would lose the comment


def test_a_with_header_is_read_once_when_aliases_send_the_resolver_back(tmp_path: Path, run_cli: Any) -> None:
    """The uses of an import alias are found by a second walk; a `with` that holds one of
    them and a reference in its own header must not report that reference twice."""
    vocab = _vocabulary(
        tmp_path,
        """\
        removed:
          - name: pkg.days_ago
            qualified: true
          - name: pkg.Old
            qualified: true
        """,
    )
    (tmp_path / "dag.py").write_text(
        "from pkg import days_ago, Old as O\n\nwith open(days_ago()) as handle:\n    task = O()\n", encoding="utf-8"
    )
    assert _findings(run_cli, tmp_path, vocab, "dag.py") == [
        ("dag.py", 1, "import", "days_ago", False),
        ("dag.py", 1, "import", "Old", False),
        ("dag.py", 3, "identifier", "days_ago", False),
        ("dag.py", 4, "identifier", "O", False),
    ]


def test_a_split_in_a_page_or_a_notebook_is_advice(tmp_path: Path, run_cli: Any) -> None:
    """A page's Python block and a notebook's code cell report the import that parts ways, but
    do not split it: the block's lines carry the page's indentation, a cell one line per string."""
    import nbformat

    statement = "from airflow.operators.python import BranchPythonOperator, get_current_context"
    (tmp_path / "page.md").write_text(f"1. Import:\n\n   ```python\n   {statement}\n   ```\n", encoding="utf-8")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(statement + "\nget_current_context()")])
    nbformat.write(notebook, str(tmp_path / "book.ipynb"))
    before = {name: (tmp_path / name).read_text(encoding="utf-8") for name in ("page.md", "book.ipynb")}
    found = _findings(run_cli, tmp_path, RULE_TABLES, "page.md", "book.ipynb")
    assert [(name, matched, fixable) for name, _, _, matched, fixable in found] == [
        ("book.ipynb", statement, False),
        ("book.ipynb", "get_current_context", False),
        ("page.md", statement, False),
    ]
    run_cli("fix", "--no-cache", "--vocab", RULE_TABLES, "page.md", "book.ipynb", cwd=tmp_path)
    assert {name: (tmp_path / name).read_text(encoding="utf-8") for name in before} == before


KUBERNETES_COMMAND = "airflow/cli/commands/kubernetes_command.py"


def test_a_module_imported_from_its_parent_moves_when_all_its_members_did(tmp_path: Path, run_cli: Any) -> None:
    """Airflow 2.2.5's own command imports `pod_generator` from `airflow.kubernetes` and reads
    only members that moved to `airflow.providers.cncf.kubernetes.pod_generator`: the import's
    module is rewritten, and every use resolves there. A module passed around, or read for a
    member that stays, keeps its import."""
    shutil.copy(AIRFLOW / KUBERNETES_COMMAND, tmp_path / "command.py")
    code = {
        "aliased.py": "import airflow.kubernetes.pod_generator as pg\n\nx = pg.make_safe_label_value(1)\n",
        "passed.py": "import airflow.kubernetes.pod_generator as pg\n\nx = pg.make_safe_label_value(1)\nprint(pg)\n",
        "stays.py": "from airflow.kubernetes import pod_generator\n\nx = pod_generator.make_safe_label_value(1)\n"
        "y = pod_generator.not_moved\n",
    }
    for name, text in code.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = _findings(run_cli, tmp_path, RULE_TABLES, ".")
    assert ("command.py", 26, "import", "airflow.kubernetes", True) in found
    assert ("aliased.py", 1, "import", "airflow.kubernetes.pod_generator", True) in found
    assert not [f for f in found if f[0] in ("passed.py", "stays.py") and f[2] == "import"]
    run_cli("fix", "--no-cache", "--vocab", RULE_TABLES, ".", cwd=tmp_path)
    command = (tmp_path / "command.py").read_text(encoding="utf-8")
    assert "\nfrom airflow.providers.cncf.kubernetes import pod_generator\n" in command
    assert (
        (tmp_path / "aliased.py")
        .read_text(encoding="utf-8")
        .startswith("import airflow.providers.cncf.kubernetes.pod_generator as pg\n")
    )
    for name in ("passed.py", "stays.py"):
        assert (tmp_path / name).read_text(encoding="utf-8") == code[name]
    left = _findings(run_cli, tmp_path, RULE_TABLES, "command.py", "aliased.py")
    assert [matched for _, _, _, matched, _ in left] == []


def test_modules_imported_together_move_together(tmp_path: Path, run_cli: Any) -> None:
    """The Kubernetes provider of 2021 imports `kube_client, pod_generator` from
    `airflow.kubernetes` in one statement and passes `kube_client=` as a keyword: both modules
    moved to `airflow.providers.cncf.kubernetes`, so the statement's module is rewritten. Where
    one of the two names would stay, the statement is left."""
    operator = "airflow/providers/cncf/kubernetes/operators/kubernetes_pod.py"
    shutil.copy(AIRFLOW / operator, tmp_path / "pod.py")
    half = "from airflow.kubernetes import kube_client, secret\n\nc = kube_client.get_kube_client()\ns = secret.stays_where_it_is\n"
    (tmp_path / "half.py").write_text(half, encoding="utf-8")
    run_cli("fix", "--no-cache", "--vocab", RULE_TABLES, ".", cwd=tmp_path)
    pod = (tmp_path / "pod.py").read_text(encoding="utf-8")
    assert "\nfrom airflow.providers.cncf.kubernetes import kube_client, pod_generator\n" in pod
    assert "kube_client=self.client" in pod
    assert (tmp_path / "half.py").read_text(encoding="utf-8") == half
    left = {matched for _, _, _, matched, _ in _findings(run_cli, tmp_path, RULE_TABLES, "pod.py")}
    assert not left & {"get_kube_client", "make_safe_label_value", "PodGenerator"}


def test_a_plain_import_read_as_a_full_chain_moves_with_its_uses(tmp_path: Path, run_cli: Any) -> None:
    """`import airflow.kubernetes.pod_generator` read only as `airflow.kubernetes.pod_generator.X`
    for members that moved to one module: the import and each chain's module are rewritten
    (a from-import of `airflow` beside it reads nothing); where `airflow` is also read for
    something else, the import stays and each use is advice."""
    moved = textwrap.dedent(
        """\
        import airflow.kubernetes.pod_generator
        from airflow.models import DAG


        def labels():
            safe = airflow.kubernetes.pod_generator.make_safe_label_value("a b")
            return safe, airflow.kubernetes.pod_generator.PodGenerator, DAG
        """
    )
    stays = "import airflow.kubernetes.pod_generator\n\nx = airflow.kubernetes.pod_generator.make_safe_label_value(1)\n"
    stays += "y = airflow.settings\n"
    (tmp_path / "moved.py").write_text(moved, encoding="utf-8")
    (tmp_path / "stays.py").write_text(stays, encoding="utf-8")
    found = _findings(run_cli, tmp_path, RULE_TABLES, ".")
    chain = "airflow.kubernetes.pod_generator"
    assert found == [
        ("moved.py", 1, "import", chain, True),
        ("moved.py", 6, "attribute", chain, True),
        ("moved.py", 7, "attribute", chain, True),
        ("stays.py", 3, "attribute", "make_safe_label_value", False),
    ]
    result = run_cli("check", "--no-cache", "--vocab", RULE_TABLES, "moved.py", cwd=tmp_path)
    assert result.out.count("'airflow.kubernetes.pod_generator.PodGenerator' was removed") == 1
    run_cli("fix", "--no-cache", "--vocab", RULE_TABLES, ".", cwd=tmp_path)
    fixed = (tmp_path / "moved.py").read_text(encoding="utf-8")
    assert fixed == moved.replace(chain, "airflow.providers.cncf.kubernetes.pod_generator")
    assert (tmp_path / "stays.py").read_text(encoding="utf-8") == stays
    assert _findings(run_cli, tmp_path, RULE_TABLES, "moved.py") == []


def _offsets(text: str) -> list[tuple[int, str]]:
    """(line, word) of each offset the text's qualified references are resolved at."""
    from lint.engine.qualified import QualifiedNames
    from lint.vocabulary.load import load_vocabulary

    names = QualifiedNames(load_vocabulary(Path(RULE_TABLES)))
    words = {match.start(): match.group() for match in re.finditer(r"\w+", text)}
    return [(text.count("\n", 0, offset) + 1, words[offset]) for offset in names.candidate_offsets(text)]


def test_a_file_is_resolved_only_where_its_imports_can_name_an_entry() -> None:
    """`conf.get` after `from airflow.configuration import conf` is not the removed
    `airflow.configuration.get`, and `BaseHook` from its new module is not the old one: the
    text's from-imports settle them, and such a file is not parsed at all. What the text
    cannot settle (a name an `import ... as` binds too) is left to the resolver; a member
    spelt in a from-import's module path (`airflow.models.log`) names nothing there."""
    assert _offsets("from airflow.configuration import conf\nvalue = conf.get('core', 'x')\n") == []
    assert _offsets("from airflow.hooks.base import BaseHook\nclass Hook(BaseHook): ...\n") == []
    assert _offsets("from airflow.models.log import Log\n") == []
    assert _offsets("from airflow import configuration\nvalue = configuration.get('core', 'x')\n") == [(2, "get")]
    assert _offsets("from airflow.hooks.base_hook import BaseHook\nclass Hook(BaseHook): ...\n") == [
        (1, "BaseHook"),
        (2, "BaseHook"),
    ]
    rebound = "from airflow.configuration import conf\ndef f():\n    import airflow.configuration as conf\n"
    assert _offsets(rebound + "    return conf.get('a', 'b')\n") == [(4, "get")]


def test_a_name_an_import_as_binds_again_is_still_resolved(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "settings.py").write_text(
        "from airflow.configuration import conf\n\nA = conf.get('core', 'x')\n\n\n"
        "def legacy():\n    import airflow.configuration as conf\n\n    return conf.get('core', 'y')\n",
        encoding="utf-8",
    )
    assert _findings(run_cli, tmp_path, RULE_TABLES, "settings.py") == [("settings.py", 9, "attribute", "get", False)]
