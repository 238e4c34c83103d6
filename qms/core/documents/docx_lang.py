"""Declare Simplified Chinese in a .docx. python-docx's base template says `eastAsia="ja-JP"`
(settings) and lists Japanese faces (ＭＳ 明朝) in its font table, so a machine without 宋体
substitutes a Japanese face. Here every language slot says zh-CN and the font table names the
faces Chinese offices use, with GB2312 as their character set."""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

EAST_ASIAN_LANGUAGE = "zh-CN"
CHINESE_FACES = {  # name: (alternative name, panose, family)
    "宋体": ("SimSun", "02010600030101010101", "auto"),
    "黑体": ("SimHei", "02010609060101010101", "modern"),
    "仿宋": ("FangSong", "02010609060101010101", "modern"),
}
GB2312 = "86"
JAPANESE = "80"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def declare_chinese(document) -> None:
    """zh-CN in the styles' defaults and the settings; Chinese faces in the font table."""
    _default_language(document.styles.element)
    for element in (document.styles.element, document.settings.element):
        for tag in ("w:lang", "w:themeFontLang"):
            for lang in element.iter(qn(tag)):
                lang.set(qn("w:eastAsia"), EAST_ASIAN_LANGUAGE)
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if name.endswith("/fontTable.xml"):
            _rewrite(part, _font_table)
        elif name.endswith("/stylesWithEffects.xml"):
            _rewrite(part, _languages)


def _default_language(styles) -> None:
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None and rpr.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        rpr.append(lang)


def _rewrite(part, change) -> None:
    """Parts python-docx loads as plain blobs: parse, change, write back."""
    element = getattr(part, "_element", None)
    if element is not None:
        change(element)
        return
    root = etree.fromstring(part.blob)
    change(root)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _languages(root) -> None:
    for lang in root.iter(f"{{{W}}}lang", f"{{{W}}}themeFontLang"):
        lang.set(f"{{{W}}}eastAsia", EAST_ASIAN_LANGUAGE)


def _font_table(root) -> None:
    for font in list(root.iter(f"{{{W}}}font")):
        charset = font.find(f"{{{W}}}charset")
        if charset is not None and charset.get(f"{{{W}}}val") == JAPANESE:
            root.remove(font)
    present = {font.get(f"{{{W}}}name") for font in root.iter(f"{{{W}}}font")}
    for name, (alternative, panose, family) in CHINESE_FACES.items():
        if name not in present:
            root.append(_font(name, alternative, panose, family))


def _font(name: str, alternative: str, panose: str, family: str):
    font = etree.Element(f"{{{W}}}font", {f"{{{W}}}name": name})
    for tag, value in (("altName", alternative), ("panose1", panose), ("charset", GB2312), ("family", family),
                       ("pitch", "variable")):
        etree.SubElement(font, f"{{{W}}}{tag}", {f"{{{W}}}val": value})
    return font
