"""The import's plan: every file to write, from where, and every note.

Pure: it decides from what :mod:`.scan` read and touches no file, so a
refused import, and ``--dry-run``, write nothing at all.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .project import project_files
from .scan import COURSES_DIR, MARKDOWN_SUFFIXES, CourseScan, FileFacts, Note, Site, map_path

#: Files Sphinx would build as pages: never copied as assets.
PAGE_SUFFIXES = (*MARKDOWN_SUFFIXES, ".rst", ".ipynb")
#: Suffixes of a link target that is a page, not a file to copy.
PAGE_LINK_SUFFIXES = ("", ".html", ".htm", *MARKDOWN_SUFFIXES)
#: Files the import writes itself.
GENERATED = ("conf.py", "index.md", "requirements.txt", ".readthedocs.yaml")


@dataclass
class Course:
    """A course of the site and its place in the project."""

    source: str
    """SRC-relative POSIX path."""
    target: str
    """DEST-relative POSIX path."""
    title: str
    draft: bool


@dataclass
class Plan:
    """Everything the import would write, and every note; nothing written yet."""

    src: Path
    """The site's folder, resolved."""
    title: str
    description: str
    show_drafts: bool
    courses_folder: str
    courses: list[Course] = field(default_factory=list)
    chapters: dict[str, Path] = field(default_factory=dict)
    """DEST-relative path -> source file."""
    assets: dict[str, Path] = field(default_factory=dict)
    """DEST-relative path -> source file (resolved)."""
    generated: dict[str, str] = field(default_factory=dict)
    """DEST-relative path -> text written by the import."""
    notes: list[Note] = field(default_factory=list)
    root_doc: str = "index"
    """The generated list of courses, without ``.md``."""
    clashes: list[str] = field(default_factory=list)
    """Files of the site that would land where the import writes its own: it refuses."""
    resolved: dict[Path, Path] = field(default_factory=dict)
    """Course or chapter file as named -> its path, symlinks resolved (by the scan)."""

    def files(self) -> dict[str, Path | str]:
        """Every file the import writes: a source file to copy, or a text."""
        files: dict[str, Path | str] = {c.target: self.source_of(c) for c in self.courses}
        files.update(self.chapters)
        files.update(self.assets)
        files.update(self.generated)
        return files

    def source_of(self, course: Course) -> Path:
        return self.src / course.source

    def targets(self) -> list[str]:
        return sorted(self.files())


def plan_import(site: Site) -> Plan:
    """Decide every file to write from what was read of ``site``."""
    plan = Plan(
        src=site.src,
        title=" ".join(_text(site.config.get("title")).split()) or site.src.name,
        description=_text(site.config.get("description")),
        show_drafts=site.config.get("show_drafts") is True,
        courses_folder=site.courses_folder,
        notes=list(site.notes),
    )
    # Courses: files of the collection with front matter that no other
    # course includes (those are chapters).
    included = {chapter for c in site.candidates for chapter in c.chapters}
    for scanned in site.candidates:
        if _is_course(plan, scanned, scanned.facts.path in included):
            _plan_course_files(plan, site, scanned)
    if not site.has_collection:
        plan.notes.append(Note(f"{COURSES_DIR}/", "missing: the site has no courses to import"))
    _plan_asset_folders(plan, site)
    _note_jekyll_files(plan, site)
    for target in sorted(plan.assets):
        if target in GENERATED or target.split("/")[0] == "_build":
            plan.notes.append(Note(target, "not copied: the project's own file or build folder"))
            del plan.assets[target]
    plan.notes = sorted(dict.fromkeys(plan.notes), key=_note_order)  # a shared chapter: once
    _place_generated_files(plan)
    return plan


def _is_course(plan: Plan, scanned: CourseScan, included: bool) -> bool:
    """Add ``scanned`` to the courses if it is one; note why not, or what it loses."""
    where, matter = f"{scanned.rel}:1", scanned.matter
    if included:
        if matter is not None:
            plan.notes.append(
                Note(
                    where,
                    "has front matter but another course includes it: "
                    "imported as a chapter, not as a course of its own",
                )
            )
        return False
    if matter is None:
        plan.notes.append(
            Note(
                where,
                "no front matter, so Jekyll published it as a plain file "
                "and no course includes it: not imported",
            )
        )
        return False
    plan.courses.append(
        Course(
            source=scanned.rel,
            target=map_path(scanned.rel, plan.courses_folder),
            title=_text(matter.get("title")),
            draft=matter.get("draft") is True,
        )
    )
    if "layout" in matter:
        plan.notes.append(
            Note(
                f"{scanned.rel}:{scanned.layout_line}",
                f"layout {_text(matter['layout'])!r} is not used: decks come from "
                "sphinx-revealjs, pages from the Sphinx theme",
            )
        )
    return True


def _plan_course_files(plan: Plan, site: Site, scanned: CourseScan) -> None:
    """Chapters and referenced files of one course, placed where the copy will look."""
    course_dir = posixpath.dirname(map_path(scanned.rel, plan.courses_folder))
    plan.resolved[scanned.facts.path] = scanned.facts.resolved
    for chapter, (target, resolved) in scanned.chapters.items():
        plan.chapters.setdefault(target, chapter)
        plan.resolved[chapter] = resolved
    plan.notes.extend(scanned.notes)
    for ref in scanned.refs:
        where, source = f"{ref.file}:{ref.line}", ref.source
        if ref.value.startswith("/"):
            target = posixpath.normpath(ref.value.lstrip("/"))
        else:
            target = posixpath.normpath(posixpath.join(course_dir, ref.value))
        if target.startswith("../") or target == ".." or not source.inside:
            plan.notes.append(Note(where, f"{ref.value} lies outside the site: not copied"))
            continue
        suffix = source.path.suffix.lower()
        if not source.is_file:
            if ref.must_exist or suffix not in PAGE_LINK_SUFFIXES:
                plan.notes.append(Note(where, f"missing file {ref.value}: the course refers to it"))
            continue
        if suffix in PAGE_SUFFIXES:
            continue  # a link to a page of the site, not a file to publish
        _add_asset(plan, target, source)
        if ref.raw_html or ref.link:
            plan.notes.append(Note(where, _unpublished(ref.value, link=ref.link)))


def _unpublished(value: str, *, link: bool) -> str:
    """The note for a file copied into the project that the build does not publish."""
    if link:
        return (
            f"{value} is copied, but only Markdown images are published by Sphinx; "
            "a link to a file needs it in the output (add it to html_extra_path)"
        )
    return (
        f"{value} is copied, but only Markdown images are published by Sphinx; "
        "a reference in raw HTML or a marker needs the file in the output "
        "(write it as ![](...) or add it to html_extra_path)"
    )


def _plan_asset_folders(plan: Plan, site: Site) -> None:
    """Copy the usual asset folders whole (site root and collection)."""
    imported = set(plan.resolved.values())
    for asset in site.asset_files:
        if not asset.facts.inside:
            plan.notes.append(Note(asset.rel, "links outside the site: not copied"))
        elif asset.facts.path.suffix.lower() in PAGE_SUFFIXES:
            if asset.facts.resolved not in imported:  # else a chapter or a course, already placed
                plan.notes.append(
                    Note(f"{asset.rel}:1", "not copied: Sphinx would build it as a page of its own")
                )
        else:
            _add_asset(plan, map_path(asset.rel, plan.courses_folder), asset.facts)


def _add_asset(plan: Plan, target: str, source: FileFacts) -> None:
    if source.problem:
        plan.notes.append(Note(target, f"{source.problem}, not a file: not copied"))
        return
    known = plan.assets.get(target)
    if known is None:
        plan.assets[target] = source.resolved
    elif known != source.resolved:
        plan.notes.append(
            Note(target, f"two files want this place; kept {known}, not {source.resolved}")
        )


_JEKYLL_TEXTS = {
    "_layouts": "custom layout {name!r} is not used: decks come from sphinx-revealjs, "
    "pages from the Sphinx theme",
    "_includes": "include file {name!r} is not used (Jekyll's layouts and includes "
    "are not carried over)",
}


def _note_jekyll_files(plan: Plan, site: Site) -> None:
    """Layouts, includes and site pages: Jekyll's, not carried over."""
    for kind, rel in site.jekyll_files:
        plan.notes.append(Note(f"{rel}:1", _JEKYLL_TEXTS[kind].format(name=Path(rel).stem)))
    chapters = {plan.resolved[p] for p in plan.chapters.values()}
    for page in site.root_pages:
        if page.resolved in chapters:
            continue  # a course's chapter, imported as one
        if page.path.suffix.lower() in (*MARKDOWN_SUFFIXES, ".html"):
            if page.path.stem == "index":
                text = "site index not copied: the generated index.md lists the courses instead"
            else:
                text = "page of the Jekyll site, not a course: not imported"
            plan.notes.append(Note(f"{page.path.name}:1", text))


def _place_generated_files(plan: Plan) -> None:
    """Name the files the import writes, never over a course or a chapter of the site.

    A chapter or course that lands on ``index.md`` (``include_relative
    ../index.md``) keeps its place: the list of courses goes to
    ``gh-reveal-index.md``, which ``conf.py`` names as ``root_doc``. Any other
    clash is reported and refuses the import.
    """
    sources = {c.target: c.source for c in plan.courses}
    for target, chapter in plan.chapters.items():
        sources[target] = plan.resolved[chapter].relative_to(plan.src).as_posix()
    if "index.md" in sources and "gh-reveal-index.md" not in sources:
        plan.root_doc = "gh-reveal-index"
        plan.notes.append(
            Note(
                f"{sources['index.md']}:1",
                "lands on index.md in the project: the list of courses is written to "
                "gh-reveal-index.md instead (root_doc in conf.py)",
            )
        )
    names = [f"{plan.root_doc}.md" if n == "index.md" else n for n in GENERATED]
    for name in names:
        if name in sources:
            plan.clashes.append(
                f"{sources[name]} would be written as {name}, which the import writes itself"
            )
    plan.generated = dict(zip(names, project_files(plan), strict=True))


def _note_order(note: Note) -> tuple[str, int]:
    """Notes by file, then by line number."""
    file, _, line = note.where.rpartition(":")
    return (file, int(line)) if line.isdigit() else (note.where, 0)


def summary(plan: Plan, dest: Path) -> list[str]:
    """What the import brings over, and every note with its ``file:line``."""
    drafts = [c for c in plan.courses if c.draft]
    lines = [f"  courses:  {len(plan.courses)}"]
    lines += [f"    {c.source} -> {c.target}{' (draft)' if c.draft else ''}" for c in plan.courses]
    lines += [
        f"  chapters: {len(plan.chapters)}",
        f"  drafts:   {len(drafts)}",
        f"  assets:   {len(plan.assets)}",
        f"  written by the import: {', '.join(plan.generated)}",
    ]
    if plan.notes:
        lines += ["", f"Could not carry over ({len(plan.notes)}), left as written:"]
        lines += [f"  {note}" for note in plan.notes]
    return [
        *lines,
        "",
        "Build it:",
        f"  sphinx-build -b revealjs {dest} {dest / '_build' / 'revealjs'}",
        f"  sphinx-build -b html {dest} {dest / '_build' / 'html'}",
    ]


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value)
