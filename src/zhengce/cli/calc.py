"""The ``zhengce calc`` command: the policy calculators from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from zhengce.cli.common import fail

out = Console()


def calc(
    name: str | None = typer.Argument(None, help="计算器名称（zhengce calc --list 列出）"),
    list_all: bool = typer.Option(False, "--list", help="列出计算器"),
    input_: str | None = typer.Option(None, "--input", help="输入：JSON 字符串、JSON 文件路径，或 - 读标准输入"),
    option: list[str] = typer.Option([], "--option", help="读法选项 名称=取值，可重复"),
) -> None:
    """政策计算器：按条款计算金额，输出 JSON（amount、各部分与每一步所依据的条款）。"""

    from zhengce.calc import CALCULATORS, CalcError

    if list_all or name is None:
        table = Table("名称", "计算器")
        for head in ("依据与有效期", "说明"):  # wrapped, not cut with …: the period and its state must be read whole
            table.add_column(head, overflow="fold")
        for c in CALCULATORS.values():
            v = c.validity()
            state = "" if v["state"] == "现行有效" else f"，今天{v['state']}"
            table.add_row(c.name, c.title, f"{v['clause']['doc_number']}，{v['period']}{state}", c.summary)
        out.print(table)
        return
    calculator = CALCULATORS.get(name)
    if calculator is None:
        fail(CalcError(f"没有计算器 {name}（可用：{'、'.join(CALCULATORS)}）/ no such calculator"))
        return
    if input_ is None:
        fail(CalcError("请用 --input 给出输入 JSON / give the input with --input"))
        return
    text = sys.stdin.read() if input_ == "-" else (
        Path(input_).read_text("utf-8") if not input_.lstrip().startswith("{") and Path(input_).is_file() else input_)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        fail(CalcError(f"输入不是有效的 JSON：{e} / the input is not valid JSON"))
        return
    options = {}
    for item in option:
        key, sep, value = item.partition("=")
        if not sep:
            fail(CalcError(f"选项应写作 名称=取值：{item} / write --option name=value"))
        options[key.strip()] = value.strip()
    try:
        result = calculator.run(raw, options)
    except CalcError as e:
        fail(e)
        return
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
