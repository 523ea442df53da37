"""The demo province's organisation: Hà Tĩnh (unit code 42) after 1/7/2025.

Unit codes and names are the official ones. The agencies' electronic identifiers follow
the national pattern (H<nn>, H<nn>.<nn>, H<nn>.<nnn>) but are illustrative: a real
installation enters its own.
"""

from __future__ import annotations

from motcua.agencies.models import Agency

PROVINCE_UNIT = "42"
PROVINCE_NAME = "Tỉnh Hà Tĩnh"
COMMITTEE_NAME = "Ủy ban nhân dân tỉnh Hà Tĩnh"
COMMUNE_COUNT = 20
COMMUNE_CENTRE_COUNT = 6

# (e-identifier, name, kind)
DEPARTMENTS = [
    ("H42.01", "Sở Tư pháp tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.02", "Sở Tài chính tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.03", "Sở Nội vụ tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.04", "Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.05", "Sở Xây dựng tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.06", "Sở Công Thương tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.07", "Sở Y tế tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.08", "Sở Giáo dục và Đào tạo tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.09", "Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.10", "Sở Khoa học và Công nghệ tỉnh Hà Tĩnh", Agency.Kind.DEPARTMENT),
    ("H42.11", "Bảo hiểm xã hội tỉnh Hà Tĩnh", Agency.Kind.SECTOR),
    ("H42.30", "Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh", Agency.Kind.DIVISION),
]

# Field of a procedure → the department that handles it at province level.
FIELD_DEPARTMENT = {
    "Báo chí, Xuất bản": "H42.09",
    "Di sản văn hóa": "H42.09",
    "Nghệ thuật biểu diễn": "H42.09",
    "Văn hóa": "H42.09",
    "Địa chất và khoáng sản": "H42.04",
    "Đất đai": "H42.04",
    "Tài chính đất đai": "H42.04",
    "Ứng phó sự cố tràn dầu": "H42.04",
    "Chứng thực": "H42.01",
    "Hộ tịch": "H42.01",
    "Bảo trợ xã hội": "H42.03",
    "Trẻ em": "H42.03",
    "Phòng, chống tệ nạn xã hội": "H42.03",
    "Tổ chức cai nghiện ma túy và quản lý sau cai nghiện ma túy": "H42.03",
    "Bảo hiểm y tế": "H42.11",
    "Hoạt động xây dựng": "H42.05",
}
DEFAULT_DEPARTMENT = "H42.02"

# Centre branches (code suffix, name, address)
BRANCH_PREFIX = "Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại"
BRANCHES = [
    ("01", f"{BRANCH_PREFIX} Hồng Lĩnh", "Phường Bắc Hồng Lĩnh"),
    ("02", f"{BRANCH_PREFIX} Kỳ Anh", "Phường Sông Trí"),
]
