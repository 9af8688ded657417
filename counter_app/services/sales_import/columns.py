"""The columns of a POS sales export and the many ways a header may be written.

Headers are matched leniently: case, spaces, underscores, full-width forms and a unit in
brackets ("重量(g)", "售价（元）") do not matter, and common synonyms are known.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from counter_app.i18n import _


@dataclass(frozen=True)
class Column:
    key: str  # canonical English name, as in the contract (receipt_no …)
    label: str  # the Chinese header
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("receipt_no", "销售单号", ("销售单", "单号", "小票号", "销售单编号", "receipt", "receiptnumber",
                                   "receipt no.", "order_no", "orderno"), required=True),
    Column("sold_at", "销售日期", ("日期", "销售时间", "售出日期", "购买日期", "sold_on", "sale_date", "date",
                                 "solddate"), required=True),
    Column("store_code", "门店", ("门店代码", "门店编号", "店铺", "店铺代码", "store", "shop", "storecode")),
    Column("customer_name", "顾客姓名", ("顾客", "客户", "客户姓名", "姓名", "会员姓名", "customer", "name")),
    Column("customer_phone", "手机", ("手机号", "手机号码", "电话", "联系电话", "顾客手机", "客户手机", "phone",
                                    "mobile", "customer_mobile", "tel")),
    Column("product_code", "货号", ("商品编码", "商品编号", "商品代码", "条码", "product", "sku", "item_code",
                                  "productcode"), required=True),
    Column("description", "品名", ("商品名称", "名称", "商品", "品名规格", "product_name", "name_of_item",
                                 "item")),
    Column("category", "品类", ("类别", "分类", "商品类别", "category_name")),
    Column("metal", "材质", ("金属", "material")),
    Column("fineness", "成色", ("纯度", "含量", "purity")),
    Column("weight_g", "重量", ("金重", "克重", "总重", "重量克", "weight", "gross_weight")),
    Column("price", "售价", ("价格", "金额", "成交价", "实收", "实收金额", "销售价", "amount", "sale_price"),
           required=True),
    Column("certificate_issuer", "证书机构", ("鉴定机构", "证书类型", "检测机构", "cert_issuer", "issuer",
                                          "lab")),
    Column("certificate_no", "证书号", ("证书编号", "证书号码", "鉴定证书号", "cert_no", "certificate",
                                     "certificate_number", "cert")),
    Column("engraving", "字印", ("刻字", "激光字印", "镭射字印", "inscription")),
    Column("stone_carat", "主石重量", ("钻重", "石重", "主石", "钻石重量", "克拉", "carat", "carats", "ct")),
    Column("stone_color", "颜色", ("色级", "钻石颜色", "color", "colour", "stone_colour")),
    Column("stone_clarity", "净度", ("钻石净度", "clarity")),
    Column("stone_cut", "切工", ("钻石切工", "cut")),
    Column("custom_made", "定制", ("是否定制", "定制品", "定制产品", "custom", "customised", "customized")),
    Column("invoice_no", "发票号", ("发票号码", "发票", "invoice", "invoice_number")),
)
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = tuple(c.key for c in COLUMNS if c.required)

_UNIT = re.compile(r"\(.*?\)|\[.*?\]|【.*?】|〔.*?〕")
_NOISE = re.compile(r"[\s_\-./:：*#]")
_UNIT_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff])(g|克|ct|元|rmb|¥)$")


def header_key(text: object) -> str:
    """The comparable form of a header: '重量(g)' -> '重量', ' Receipt No ' -> 'receiptno'."""
    s = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip().casefold()
    s = _UNIT.sub("", s)
    s = _NOISE.sub("", s)
    s = _UNIT_SUFFIX.sub("", s)
    return s


def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for col in COLUMNS:
        for name in (col.key, col.label, *col.aliases):
            table.setdefault(header_key(name), col.key)
    return table


LOOKUP = _lookup()


def match_header(text: object) -> str | None:
    """The column key a header stands for, or None when it is not one of ours."""
    return LOOKUP.get(header_key(text))


def column_label(key: str) -> str:
    return _(BY_KEY[key].label)
