"""How offices write an item's lists in a workbook cell, read and written back.

Lists come one per line, separated by ；/; or numbered (1. 1、 (1) ①), steps also joined by →.
Materials: 名称（原件，1份，申请人自备，视情形提交：情形）; steps: 名称（岗位，N个工作日）：要求;
legal bases: 《法律名称》第N条; fees: 项目：标准. Limits: numbers or text such as 20个工作日, 15日,
即办, 当场办结, with full-width digits. `format_*` writes what `parse_*` reads back unchanged."""

import re

from .models import MaterialForm

_NUMBERING = re.compile(r"^\s*(?:第?\d+[.、．)）]|[(（]\d+[)）]|[①-⑳]|[一二三四五六七八九十]+[、.．])\s*")
_INLINE_NUMBER = re.compile(r"\s*(?<![\d第])(?=\d{1,2}[.、．](?!\d))")
_ARROWS = re.compile(r"\s*(?:→|->|—>|－>|⇒|=>)\s*")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_IMMEDIATE_WORDS = ("即办", "当场", "立即", "即时", "当即", "现场办结")
_NONE_WORDS = {"", "无", "—", "-", "/", "／", "无规定", "无法定时限", "不适用", "暂无"}


_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "（），：；！？"}
_HALF_WIDTH[0x3000] = 0x20


def nfkc(value) -> str:
    """Full-width digits, letters and symbols made half-width; Chinese brackets, commas and colons
    are kept as typed (they are part of names), as are all other characters."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).translate(_HALF_WIDTH).strip()


def chinese_number(text: str) -> int | None:
    """一 .. 九百九十九 (十五, 二十, 一百二十) as an int; None if `text` is not such a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            unit = 10 if ch == "十" else 100
            total += (current or 1) * unit
            current = 0
    return total + current


def parse_limit(value) -> int | None:
    """Working days from a cell: 20, "20个工作日", "15日", "即办" (0), "无" (None).
    Raises ValueError for text that holds no limit."""
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | float):
        if value < 0 or float(value) != int(value):
            raise ValueError(str(value))
        return int(value)
    text = re.sub(r"\s+", "", nfkc(value))
    if text in _NONE_WORDS:
        return None
    if any(word in text for word in _IMMEDIATE_WORDS):
        return 0
    match = re.search(r"(\d+)", text)
    if match:
        return int(match.group(1))
    match = re.search(r"([零〇一二两三四五六七八九十百]+)个?(?:工作日|日|天)", text)
    if match and chinese_number(match.group(1)) is not None:
        return chinese_number(match.group(1))
    raise ValueError(text)


def format_limit(days: int | None) -> str:
    if days is None:
        return "无"
    return "即办" if days == 0 else f"{days}个工作日"


def split_list(value, *, arrows: bool = False) -> list[str]:
    """Entries of a list cell, numbering removed."""
    text = nfkc(value)
    if not text:
        return []
    parts = []
    for line in re.split(r"[\r\n]+", text):
        if _NUMBERING.match(line) and len(re.findall(r"(?<![\d第])\d{1,2}[.、．](?!\d)", line)) > 1:
            chunks = _INLINE_NUMBER.split(line)
        else:
            chunks = [line]
        for chunk in chunks:
            for piece in re.split(r"[;；]", chunk):
                parts.extend(_ARROWS.split(piece) if arrows else [piece])
    cleaned = (_NUMBERING.sub("", part, count=1).strip(" 。.,，") for part in parts)
    return [part for part in cleaned if part]


def _annotation(text: str) -> tuple[str, list[str]]:
    """('营业执照', ['原件', '1份']) from '营业执照（原件，1份）'; the bracket stays in the name
    when it is not an annotation (the caller decides)."""
    match = re.match(r"^(.*?)\s*[(（]([^()（）]*)[)）]\s*$", text)
    if not match or not match.group(1).strip():
        return text.strip(), []
    return match.group(1).strip(), [t.strip() for t in re.split(r"[,，、]", match.group(2)) if t.strip()]


_FORM_WORDS = [("原件及复印件", MaterialForm.BOTH), ("原件和复印件", MaterialForm.BOTH),
               ("原件、复印件", MaterialForm.BOTH), ("电子", MaterialForm.ELECTRONIC),
               ("复印件", MaterialForm.COPY), ("复印", MaterialForm.COPY), ("原件", MaterialForm.ORIGINAL)]
_REQUIRED_WORDS = ("必要", "必需", "必须", "必交", "必备")
_OPTIONAL_WORDS = ("视情形", "非必要", "容缺", "如有", "选交", "选择提交", "特定情形")


def _material_token(token: str, found: dict) -> bool:
    for word, form in _FORM_WORDS:
        if token == word or (token.startswith(word) and len(token) <= len(word) + 1):
            found["form"] = form
            return True
    copies = re.fullmatch(r"(\d+|[一二两三四五六七八九十]+)份", token)
    if copies:
        found["copies"] = int(copies.group(1)) if copies.group(1).isdigit() else chinese_number(copies.group(1))
        return True
    if token in _REQUIRED_WORDS:
        found["required"] = True
        return True
    if token.startswith(_OPTIONAL_WORDS):
        found["required"] = False
        found["condition"] = re.split(r"[:：]", token, maxsplit=1)[1].strip() if re.search(r"[:：]", token) else ""
        return True
    return False


def parse_material(text: str) -> dict:
    """A material line as a dict of Material fields."""
    name, tokens = _annotation(nfkc(text))
    found: dict = {}
    leftovers = [t for t in tokens if not _material_token(t, found)]
    if tokens and not found:  # e.g. 营业执照（副本）: the bracket is part of the name
        name, leftovers = nfkc(text), []
    return {"name": name, "form": found.get("form", MaterialForm.ORIGINAL), "copies": found.get("copies", 1),
            "source": "，".join(leftovers) or "申请人自备", "required": found.get("required", True),
            "condition": found.get("condition", "")}


def format_material(material: dict) -> str:
    parts = [str(MaterialForm(material["form"]).label), f"{material['copies']}份", material["source"]]
    if not material["required"]:
        parts.append("视情形提交" + (f"：{material['condition']}" if material["condition"] else ""))
    return f"{material['name']}（{'，'.join(str(p) for p in parts if p)}）"


def parse_step(text: str) -> dict:
    """A step line: 名称（岗位，N个工作日）：要求."""
    head, _sep, description = _split_colon(nfkc(text))
    name, tokens = _annotation(head)
    responsible, limit = [], 0
    for token in tokens:
        if re.search(r"(工作日|日|天)$", token) or any(w in token for w in _IMMEDIATE_WORDS):
            try:
                limit = parse_limit(token) or 0
                continue
            except ValueError:
                pass
        responsible.append(token)
    return {"name": name, "description": description, "responsible": "，".join(responsible), "time_limit": limit}


def _split_colon(text: str) -> tuple[str, str, str]:
    depth = 0
    for index, ch in enumerate(text):
        depth += ch in "(（"
        depth -= ch in ")）"
        if ch in ":：" and depth == 0:
            return text[:index].strip(), ch, text[index + 1:].strip()
    return text.strip(), "", ""


def format_step(step: dict) -> str:
    inner = "，".join(p for p in (step["responsible"], f"{step['time_limit']}个工作日") if p)
    text = f"{step['name']}（{inner}）"
    return f"{text}：{step['description']}" if step["description"] else text


def parse_basis(text: str) -> dict:
    text = nfkc(text)
    match = re.match(r"^《([^》]+)》\s*[,，]?\s*(.*)$", text)
    if match:
        return {"name": match.group(1).strip(), "article": match.group(2).strip()}
    return {"name": text, "article": ""}


def format_basis(basis: dict) -> str:
    return f"《{basis['name']}》{basis['article']}"


_NO_FEE = {"不收费", "免费", "无", "0", "无收费", "免收", "不收取费用", "—", "-"}


def parse_fees(standards_cell, basis_cell) -> list[dict]:
    """Fees from the 收费标准 and 收费依据 cells; bases pair with fees line by line, and a single
    basis applies to every fee."""
    if re.sub(r"\s+", "", nfkc(standards_cell)) in _NO_FEE:
        return []
    bases = [("" if b in _NO_FEE else b) for b in split_list(basis_cell)]
    fees = []
    for index, line in enumerate(split_list(standards_cell)):
        name, _sep, standard = _split_colon(line)
        if not standard:
            name, standard = "收费", name
        basis = bases[index] if index < len(bases) else (bases[0] if len(bases) == 1 else "")
        fees.append({"name": name, "standard": standard, "basis": basis})
    return fees


def format_fees(fees: list[dict]) -> tuple[str, str]:
    if not fees:
        return "不收费", ""
    return ("\n".join(f"{f['name']}：{f['standard']}" for f in fees),
            "\n".join(f["basis"] or "—" for f in fees))
