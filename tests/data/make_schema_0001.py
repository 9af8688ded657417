"""Make a small database at schema revision 0001 with data in it (kept as a test fixture)."""
import sqlite3
import sys

from alembic import command
from sqlalchemy import create_engine

from counter_app.data.schema import alembic_config

path = sys.argv[1]
engine = create_engine(f"sqlite:///{path}")
cfg = alembic_config()
with engine.begin() as conn:
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "0001")
engine.dispose()
c = sqlite3.connect(path)
c.executescript("""
PRAGMA foreign_keys=ON;
INSERT INTO staff (id, store_id, login, name, role, active, phone, created_at) VALUES (1, NULL, 'console', '命令行', 'MANAGER', 1, '', '2026-01-05 09:00:00');
INSERT INTO stores (id, code, name, city, address, phone, created_at) VALUES (1, 'SH01', '上海南京路体验中心', '上海', '上海市黄浦区南京东路 100 号', '021-63210001', '2026-01-05 09:00:00');
INSERT INTO staff (id, store_id, login, name, role, active, phone, created_at) VALUES (2, 1, 'wangfang', '王芳', 'CLERK', 1, '', '2026-01-05 09:00:00');
INSERT INTO policy_versions (id, version, "values", note, created_at) VALUES (1, 1, '{"return_days": 7, "quality_return_days": 30, "trade_in_min_ratio": "1.10", "large_stone_ct": "0.50"}', '默认值（售后服务手册）', '2026-01-05 09:00:00');
INSERT INTO customers (id, name, name_pinyin, name_initials, phone, phone_reversed, phone2, address, preferences, notes, consent_calls, consent_letters, consent_channel, home_store_id, created_at) VALUES (1, '张晓明', 'zhangxiaoming', 'zxm', '13812345678', '87654321831', '', '上海市徐汇区', '', '老顾客', 0, 0, '', 1, '2026-01-05 09:00:00');
INSERT INTO certificates (id, issuer, number, carat, color, clarity, cut, created_at) VALUES (1, 'GIA', '2141438171', 0.300, 'G', 'VS1', 'EX', '2026-01-05 09:00:00');
INSERT INTO sales_receipts (id, receipt_no, store_id, customer_id, sold_on, invoice_no, source, created_at) VALUES (1, 'R20260105001', 1, 1, '2026-01-05', 'INV001', 'pos', '2026-01-05 09:00:00');
INSERT INTO sold_items (id, receipt_id, line_no, product_code, description, category, metal, fineness, weight_g, price, fixed_price, custom_made, engraving, photo_path, certificate_id, created_at) VALUES (1, 1, 1, 'DR0001', '18K金钻石戒指', '戒指', '18K', '750', 3.250, 12800.00, 1, 0, 'GIA2141438171', '', 1, '2026-01-05 09:00:00');
INSERT INTO repair_slips (id, number, store_id, customer_id, sold_item_id, status, item, works, damaged_parts, unmentioned_defects, shipping_fee, repair_fee, deposit, paid, factory_quote, intake_weight_g, note, internal_note, print_count, lost, created_at, created_by_id) VALUES (1, 'SH01-2026-000001', 1, 1, 1, 'SENT', '{"product_code": "DR0001"}', '[{"code": "resize"}]', '戒圈', '[]', 20.00, 0, 0, 0, '{}', 3.250, '改手寸 13 号', '', 1, '{}', '2026-02-01 10:00:00', 2);
INSERT INTO slip_events (id, slip_id, at, staff_id, kind, from_status, to_status, note, data) VALUES (1, 1, '2026-02-01 10:00:00', 2, 'status', NULL, 'received', '', '{}');
INSERT INTO slip_events (id, slip_id, at, staff_id, kind, from_status, to_status, note, data) VALUES (2, 1, '2026-02-02 10:00:00', 2, 'status', 'received', 'sent', '', '{}');
INSERT INTO number_sequences (key, last_value) VALUES ('slip:SH01:2026', 1);
""")
c.commit()
c.execute("PRAGMA journal_mode=DELETE")
c.close()
