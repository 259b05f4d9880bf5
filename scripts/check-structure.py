#!/usr/bin/env python3
"""Structure checks that rustc and clippy do not make.

Rules:
  app-cycles, server-cycles
             No import cycle between the top-level modules of the crate: a
             module is src/<m>.rs or src/<m>/; every `crate::<m>` path in code (`use` lines,
             `{ }` groups, calls such as `crate::state::app_state()`) is an edge to <m>.
             lib.rs and main.rs are the root and may know every module. In `app`, `state` is
             a root too (the one `AppState` holds what every domain needs), so its own edges
             are ignored and only the domains' edges into it count.
  file-size  No .rs file under app/src, server/src, frontend/src over 600 lines, except test
             files (tests.rs, *_tests.rs).
  fn-size    No function over 80 lines, or 120 when its body contains `view!` (components are
             markup), counted from the `fn` line to its closing brace.

Usage: check-structure.py [--report | --strict RULE,...]
  default     every rule fails the run (exit 1)
  --report    print everything, always exit 0
  --strict    only the named rules fail the run; the others are printed as a report
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ("app-cycles", "server-cycles", "file-size", "fn-size")
CRATES = {"app": {"state"}, "server": set()}  # crate -> modules that count as roots
SOURCE_DIRS = ("app/src", "server/src", "frontend/src")
MAX_FILE, MAX_FN, MAX_VIEW_FN = 600, 80, 120


# Comments, strings (raw, byte) and char literals; a lifetime has no closing quote.
TOKEN = re.compile(
    "|".join(
        (
            r"//[^\n]*",
            r"/\*.*?\*/",
            r'(?<!\w)b?r(#*)".*?"\1',
            r'b?"(?:\\.|[^"\\])*"',
            r"b?'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'",
        )
    ),
    re.S,
)
WORD = re.compile(r"\w+")


def strip(text):
    """The code with comments, strings and char literals blanked; lines stay where they were."""
    return TOKEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def rust_files(directory):
    return sorted((ROOT / directory).rglob("*.rs"))


def crate_paths(code):
    """(module, offset) for every `crate::<module>`, also each first name of `crate::{…}`."""
    for m in re.finditer(r"(?<!\w)crate::\s*", code):
        at = m.end()
        if code.startswith("{", at):
            depth, item_start = 0, True
            for j in range(at, len(code)):
                ch = code[j]
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                    if depth == 0:
                        break
                elif ch == "," and depth == 1:
                    item_start = True
                elif item_start and depth == 1 and (name := WORD.match(code, j)):
                    yield name.group(0), j
                    item_start = False
                elif not ch.isspace():
                    item_start = False
        elif name := WORD.match(code, at):
            yield name.group(0), at


def module_graph(crate, roots):
    src = ROOT / crate / "src"
    modules = {p.stem for p in src.glob("*.rs")} | {p.name for p in src.iterdir() if p.is_dir()}
    modules -= {"lib", "main"}
    edges = {}  # (from, to) -> first "file:line"
    for path in rust_files(f"{crate}/src"):
        owner = path.relative_to(src).parts[0].removesuffix(".rs")
        if owner not in modules or owner in roots:
            continue
        code = strip(path.read_text())
        for target, pos in crate_paths(code):
            if target in modules and target != owner:
                where = f"{path.relative_to(ROOT)}:{line_of(code, pos)}"
                edges.setdefault((owner, target), where)
    return modules, edges


def strongly_connected(nodes, edges):
    """Tarjan's algorithm; the components with more than one module."""
    succ = {v: sorted(t for f, t in edges if f == v) for v in nodes}
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return found


def check_cycles(crate):
    modules, edges = module_graph(crate, CRATES[crate])
    offences = []
    for component in strongly_connected(modules, edges):
        lines = [f"cycle between {', '.join(component)}"]
        for (f, t), where in sorted(edges.items()):
            if f in component and t in component:
                lines.append(f"    {f} -> {t}  ({where})")
        offences.append("\n".join(lines))
    return offences


def is_test_file(path):
    return path.name == "tests.rs" or path.name.endswith("_tests.rs")


def check_file_size():
    offences = []
    for directory in SOURCE_DIRS:
        for path in rust_files(directory):
            count = len(path.read_text().splitlines())
            if count > MAX_FILE and not is_test_file(path):
                offences.append(f"{path.relative_to(ROOT)}: {count} lines (limit {MAX_FILE})")
    return offences


def functions(code):
    """(name, first line, line count, has view!) of every `fn` item with a body."""
    for m in re.finditer(r"\bfn\s+(\w+)", code):
        depth, j = 0, m.end()
        while j < len(code):  # the body's `{`, or `;` for a declaration without one
            ch = code[j]
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth -= 1
            elif depth == 0 and ch in "{;":
                break
            j += 1
        if j >= len(code) or code[j] == ";":
            continue
        start, braces = j, 0
        for j in range(start, len(code)):
            braces += {"{": 1, "}": -1}.get(code[j], 0)
            if braces == 0:
                break
        first = line_of(code, m.start())
        length = line_of(code, j) - first + 1
        yield m.group(1), first, length, "view!" in code[start:j]


def check_fn_size():
    offences = []
    for directory in SOURCE_DIRS:
        for path in rust_files(directory):
            for name, line, length, view in functions(strip(path.read_text())):
                limit = MAX_VIEW_FN if view else MAX_FN
                if length > limit:
                    offences.append(f"{path.relative_to(ROOT)}:{line} {name}: {length} lines (limit {limit})")
    return offences


def main(args):
    if args == ["--report"]:
        fatal = set()
    elif len(args) == 2 and args[0] == "--strict" and set(args[1].split(",")) <= set(RULES):
        fatal = set(args[1].split(","))
    elif not args:
        fatal = set(RULES)
    else:
        sys.exit(__doc__)
    checks = {
        "app-cycles": lambda: check_cycles("app"),
        "server-cycles": lambda: check_cycles("server"),
        "file-size": check_file_size,
        "fn-size": check_fn_size,
    }
    failed, summary = [], []
    for rule in RULES:
        offences = checks[rule]()
        for offence in offences:
            print(f"[{rule}] {offence}")
        label = "fails" if rule in fatal else "report only"
        summary.append(f"{rule}: {len(offences)} offender(s)" + (f" ({label})" if offences else ""))
        if offences and rule in fatal:
            failed.append(rule)
    print("structure: " + "; ".join(summary))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
