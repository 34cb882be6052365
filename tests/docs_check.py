"""The docs check (tests/unit/test_docs.py): what keeps README.md and docs/ true as the code moves.

Each function returns its problems as lines that say where and what (``path:line: …``), empty
when all is well: merge-conflict markers in tracked files, relative links and #anchors that lead
nowhere (anchors as GitHub makes them from headings), `klantbeeld` commands, make targets and
published tables that no page mentions."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

# A conflict leaves all three; `=======` alone is also Markdown's heading underline, so it counts
# only in a file that has one of the other two. Built from parts so this file holds none.
_CONFLICT_SIDES = re.compile(r"^(" + "<" * 7 + "|" + ">" * 7 + "|" + r"\|" * 7 + r")(?: |$)")
_CONFLICT_MIDDLE = re.compile(r"^" + "=" * 7 + r"$")

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")
# [text](target "title") and ![alt](target); the target ends at whitespace or the closing paren.
_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_HTML_ANCHOR = re.compile(r"<a\s[^>]*(?:id|name)=[\"']([^\"']+)[\"']", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def tracked_files(root: Path) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True
    ).stdout
    return [root / name for name in listed.decode().split("\0") if name]


def doc_pages(root: Path) -> list[Path]:
    """README.md and every page under docs/."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def conflict_markers(root: Path, files: Iterable[Path]) -> list[str]:
    problems = []
    for path in files:
        if not path.is_file():
            continue  # deleted in the working tree, not yet in the index
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary
        lines = data.decode("utf-8", errors="replace").splitlines()
        sides = [n for n, line in enumerate(lines, 1) if _CONFLICT_SIDES.match(line)]
        middles = [n for n, line in enumerate(lines, 1) if _CONFLICT_MIDDLE.match(line)]
        for number in sorted(sides + (middles if sides else [])):
            marker = lines[number - 1][:7]
            problems.append(
                f"{path.relative_to(root)}:{number}: merge-conflict marker {marker!r}: "
                "resolve the conflict"
            )
    return problems


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text as rendered (link text, code without the
    backticks, no emphasis marks), lower case, punctuation and symbols dropped, spaces as
    hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("`", "").replace("*", "")
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def _prose_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The page's lines outside fenced code blocks, with their line numbers."""
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def anchors(path: Path) -> set[str]:
    """Every #anchor a link to the page may use: heading slugs (repeats numbered as GitHub does)
    and explicit HTML anchors."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, line in _prose_lines(path):
        found.update(_HTML_ANCHOR.findall(line))
        heading = _HEADING.match(line)
        if not heading:
            continue
        slug = github_slug(heading.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def _link_targets(path: Path) -> Iterator[tuple[int, str]]:
    for number, line in _prose_lines(path):
        prose = _INLINE_CODE.sub("", line)
        for target in _LINK.findall(prose):
            yield number, target
        reference = _REFERENCE.match(prose)
        if reference:
            yield number, reference.group(1)


def dead_links(root: Path, pages: Iterable[Path]) -> list[str]:
    """Relative links whose file does not exist, and #anchors no heading of the target makes.
    Links with a scheme (https:, mailto:) are not followed."""
    problems = []
    for page in pages:
        for number, target in _link_targets(page):
            if _SCHEME.match(target) or target.startswith("//"):
                continue
            where = f"{page.relative_to(root)}:{number}: link {target!r}"
            file_part, _, anchor = target.partition("#")
            linked = (page.parent / file_part).resolve() if file_part else page
            if not linked.exists():
                problems.append(f"{where}: no such file {file_part!r}")
                continue
            if anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                problems.append(
                    f"{where}: no heading in {linked.relative_to(root.resolve())} "
                    f"makes the anchor #{anchor}"
                )
    return problems


def command_paths(group: click.Group, prefix: str = "klantbeeld") -> list[str]:
    """Every command of a click group as typed (`klantbeeld clv fit`), nested groups included."""
    paths = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        paths.append(path)
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, path))
    return paths


def undocumented_commands(commands: Iterable[str], pages: Iterable[Path]) -> list[str]:
    """Commands that no page names as `klantbeeld …` (words may wrap onto the next line)."""
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    problems = []
    for command in commands:
        words = r"\s+".join(re.escape(word) for word in command.split())
        if not re.search(rf"{words}(?![\w-])", text):
            problems.append(
                f"`{command}` is not documented: name it in README.md's command table "
                "or on a docs/ page"
            )
    return problems


def undocumented_tables(tables: Iterable[str], page: Path) -> list[str]:
    """Published tables that the page does not name (as `table`)."""
    text = page.read_text(encoding="utf-8")
    return [
        f"published table `{table}` is not named in {page.name}"
        for table in tables
        if f"`{table}`" not in text
    ]


def make_targets(makefile: Path) -> list[str]:
    """The Makefile's targets for people: those it declares ``.PHONY``."""
    targets = []
    for line in makefile.read_text(encoding="utf-8").splitlines():
        if line.startswith(".PHONY:"):
            targets += line.removeprefix(".PHONY:").split()
    return targets


def undocumented_make_targets(targets: Iterable[str], readme: Path) -> list[str]:
    """Targets that README.md does not show as `make <target>`."""
    text = readme.read_text(encoding="utf-8")
    return [
        f"`make {target}` is not in {readme.name}"
        for target in targets
        if not re.search(rf"\bmake {re.escape(target)}(?![\w-])", text)
    ]
