"""The front door stays true: the docs check (tests/docs_check.py) on this repository, and the
check itself on a small tree with one fault of each kind, so a passing check means something."""

import subprocess

import pytest

from pipelines.cli import main
from pipelines.settings import PROJECT_ROOT
from tests import docs_check

ROOT = PROJECT_ROOT.resolve()


def test_no_tracked_file_holds_a_merge_conflict_marker():
    assert docs_check.conflict_markers(ROOT, docs_check.tracked_files(ROOT)) == []


def test_every_relative_link_and_anchor_in_the_docs_resolves():
    assert docs_check.dead_links(ROOT, docs_check.doc_pages(ROOT)) == []


def test_every_klantbeeld_command_is_documented():
    commands = docs_check.command_paths(main)
    # The enumeration reaches nested groups (a new group's commands are checked too).
    assert {"klantbeeld clv", "klantbeeld clv fit", "klantbeeld spark-handoff"} <= set(commands)
    assert docs_check.undocumented_commands(commands, docs_check.doc_pages(ROOT)) == []


def test_every_make_target_is_in_the_readme():
    targets = docs_check.make_targets(ROOT / "Makefile")
    assert {"run", "test", "dev", "screenshot"} <= set(targets)
    assert docs_check.undocumented_make_targets(targets, ROOT / "README.md") == []


def test_every_published_table_is_named_in_publishing_md():
    from pipelines.publish.assets import published_tables

    tables = published_tables()
    assert {"customer_360", "next_best_action", "weekly_channel_usage"} <= set(tables)
    assert docs_check.undocumented_tables(tables, ROOT / "docs" / "publishing.md") == []


# The check itself, on a tree written here.

CONFLICT = "\n".join(["<" * 7 + " HEAD", "ours", "=" * 7, "theirs", ">" * 7 + " branch"])


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(
        "# Project\n\n## Getting started\n\nSee [usage](docs/usage.md#the-run-command) and "
        "[start](#getting-started).\n\n```sh\n[not a link](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "usage.md").write_text(
        "# Usage\n\n## The `run` command\n\n`klantbeeld run` runs; `klantbeeld clv\nfit` fits.\n"
        "\nSetext\n=======\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def _track(tree):
    subprocess.run(["git", "add", "-A"], cwd=tree, check=True)


def test_a_clean_tree_passes_every_check(tree):
    _track(tree)
    pages = docs_check.doc_pages(tree)
    assert docs_check.conflict_markers(tree, docs_check.tracked_files(tree)) == []
    assert docs_check.dead_links(tree, pages) == []
    commands = ["klantbeeld run", "klantbeeld clv fit"]
    assert docs_check.undocumented_commands(commands, pages) == []


def test_a_conflict_marker_fails_naming_file_and_lines(tree):
    (tree / "docs" / "notes.txt").write_text(f"before\n{CONFLICT}\nafter\n", encoding="utf-8")
    _track(tree)
    problems = docs_check.conflict_markers(tree, docs_check.tracked_files(tree))
    assert [problem.split(": ")[0] for problem in problems] == [
        "docs/notes.txt:2",
        "docs/notes.txt:4",
        "docs/notes.txt:6",
    ]
    assert all("merge-conflict marker" in problem for problem in problems)


def test_an_untracked_file_is_not_checked_for_markers(tree):
    (tree / "scratch.txt").write_text(CONFLICT, encoding="utf-8")
    _track(tree)
    (tree / "later.txt").write_text(CONFLICT, encoding="utf-8")
    problems = docs_check.conflict_markers(tree, docs_check.tracked_files(tree))
    assert {problem.split(":")[0] for problem in problems} == {"scratch.txt"}


def test_a_dead_link_and_a_dead_anchor_fail_with_where_and_why(tree):
    readme = tree / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8")
        + "\nAlso [gone](docs/gone.md), [wrong part](docs/usage.md#the-stop-command) and "
        "[here](#getting-going).\n",
        encoding="utf-8",
    )
    problems = docs_check.dead_links(tree, docs_check.doc_pages(tree))
    assert problems == [
        "README.md:11: link 'docs/gone.md': no such file 'docs/gone.md'",
        "README.md:11: link 'docs/usage.md#the-stop-command': no heading in docs/usage.md "
        "makes the anchor #the-stop-command",
        "README.md:11: link '#getting-going': no heading in README.md makes the anchor "
        "#getting-going",
    ]


def test_a_missing_subcommand_fails_naming_it(tree):
    pages = docs_check.doc_pages(tree)
    problems = docs_check.undocumented_commands(
        ["klantbeeld run", "klantbeeld clv fit", "klantbeeld convert", "klantbeeld ru"], pages
    )
    assert problems == [
        "`klantbeeld convert` is not documented: name it in README.md's command table or on a "
        "docs/ page",
        # A prefix of a documented command is not documented by it.
        "`klantbeeld ru` is not documented: name it in README.md's command table or on a "
        "docs/ page",
    ]


def test_a_missing_published_table_fails_naming_it(tree):
    page = tree / "docs" / "publishing.md"
    page.write_text("Published: `customer_rfm`, customer_clv.\n", encoding="utf-8")
    assert docs_check.undocumented_tables(["customer_rfm", "customer_clv"], page) == [
        "published table `customer_clv` is not named in publishing.md"
    ]


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        # As GitHub renders them (checked against github.com for this repo's headings).
        ("The `klantbeeld` command", "the-klantbeeld-command"),
        ("1. The demo shop", "1-the-demo-shop"),
        (
            "Who is a person (`identity_records`, `int_identities_unioned`, "
            "`int_persons_resolved`)",
            "who-is-a-person-identity_records-int_identities_unioned-int_persons_resolved",
        ),
        (
            "What a day's run does, and why re-running is safe",
            "what-a-days-run-does-and-why-re-running-is-safe",
        ),
        ("Analytics — RFM, A/B/C", "analytics--rfm-abc"),
        ("See [the docs](docs/x.md) **now**", "see-the-docs-now"),
    ],
)
def test_github_slugs(heading, slug):
    assert docs_check.github_slug(heading) == slug


def test_repeated_headings_get_numbered_anchors(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Tests\n\n## Tests\n\n```\n# Tests\n```\n", encoding="utf-8")
    assert docs_check.anchors(page) == {"tests", "tests-1"}


def test_a_make_target_missing_from_the_readme_fails_naming_it(tree):
    (tree / "Makefile").write_text(".PHONY: run run-all\nrun:\n\ttrue\n", encoding="utf-8")
    (tree / "README.md").write_text("`make run` runs; `make run-everything` too.\n")
    targets = docs_check.make_targets(tree / "Makefile")
    assert targets == ["run", "run-all"]
    assert docs_check.undocumented_make_targets(targets, tree / "README.md") == [
        "`make run-all` is not in README.md"
    ]
