"""The demo centre's 发文机关代字 (for the 文号 of its notices: 青政服〔2026〕3号)."""

from qms.core.history import save_with_reason
from qms.org.selectors import organisation_profile

DOCUMENT_CODE = "青政服"


def load(stdout) -> None:
    profile = organisation_profile()
    if not profile.document_code:
        profile.document_code = DOCUMENT_CODE
        save_with_reason(profile, reason="演示数据：发文机关代字")
    stdout.write(f"  发文机关代字：{profile.document_code}")
