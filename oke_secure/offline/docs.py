"""Documentation generated from the data: the README's control table."""

from __future__ import annotations

from oke_secure.spec.controls import CONTROLS


def controls_markdown() -> str:
    """A Markdown table of every control: id, control, source, how it is built, which policies check it."""
    from oke_secure.policies import CONTROLS_OF

    lines = ["| id | control | source | built by | checked by |", "|---|---|---|---|---|"]
    for c in CONTROLS:
        policies = ", ".join(f"`{n}`" for n, ids in CONTROLS_OF.items() if c.id in ids)
        checked = policies or c.checked_by
        lines.append(f"| {c.id} | {c.title.replace('|', '/')} | {c.source} | {c.built_by} | {checked} |")
    return "\n".join(lines) + "\n"


START, END = "<!-- controls:start -->\n", "<!-- controls:end -->"


def update_readme(path: str) -> bool:
    """Rewrite the generated control table between the README's markers; True when it changed."""
    from pathlib import Path

    p = Path(path)
    text = p.read_text()
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}{controls_markdown()}{END}{tail}"
    if new != text:
        p.write_text(new)
        return True
    return False
