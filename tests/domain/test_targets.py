"""The target parser against every target / baseline / annual cell form of the five seeds.

Each seed row is copied from its source document and the test checks it still occurs there
verbatim, so the table cannot drift from the documents.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from indicators.domain.targets import Column, Comparator, Target, TargetKind, parse_decimal, parse_target

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
DOCS = {
    "000": "000_00fb3c862d27e5b9.txt",
    "001": "001_1758f7351f76dcc6.txt",
    "002": "002_e346c132f88ab10b.txt",
    "003": "003_7a2ce7946a79fe0d.txt",
    "004": "004_b6493aa99b87405d.txt",
}

T, A, B, P = Column.TARGET, Column.ANNUAL, Column.BASELINE, Column.PROSE
LEVEL, RATE, CUM, RED = TargetKind.LEVEL, TargetKind.RATE, TargetKind.CUMULATIVE, TargetKind.REDUCTION
QUOTA, REL, NOT_SET, UNPARSED = TargetKind.QUOTA, TargetKind.RELATIVE, TargetKind.NOT_SET, TargetKind.UNPARSED
EQ, GE, GT, LE, LT, APPROX = (
    Comparator.EQ,
    Comparator.GE,
    Comparator.GT,
    Comparator.LE,
    Comparator.LT,
    Comparator.APPROX,
)
REDUCING = "单位地区生产总值能源消耗降低"

# (doc, column, text, indicator name, kind, comparator, value, unit, relative_to)
Row = tuple[str, Column, str, str, TargetKind, Comparator | None, str | None, str, str]

TABLE_CELLS: list[Row] = [
    # 000 泰山区 十四五 indicator table (lines 50-160): baseline, target and 年均增速 columns
    ("000", B, "3.1", "", LEVEL, EQ, "3.1", "", ""),
    ("000", B, "89.72", "", LEVEL, EQ, "89.72", "", ""),
    ("000", B, "-", "", NOT_SET, None, None, "", ""),
    ("000", B, "5.42", "", LEVEL, EQ, "5.42", "", ""),
    ("000", B, "4", "", LEVEL, EQ, "4", "", ""),
    ("000", B, "1.8", "", LEVEL, EQ, "1.8", "", ""),
    ("000", B, "1.7", "", LEVEL, EQ, "1.7", "", ""),
    ("000", B, "79.38", "", LEVEL, EQ, "79.38", "", ""),
    ("000", B, "24.02", "", LEVEL, EQ, "24.02", "", ""),
    ("000", B, "99", "", LEVEL, EQ, "99", "", ""),
    ("000", B, "39.44", "", LEVEL, EQ, "39.44", "", ""),
    ("000", T, "-", "地区生产总值增速", NOT_SET, None, None, "", ""),
    ("000", T, "91", "常住人口城镇化率", LEVEL, EQ, "91", "", ""),
    ("000", T, "7.4", "每万人口高价值发明专利拥有量", LEVEL, EQ, "7.4", "", ""),
    ("000", T, "3.5", "城镇登记失业率", LEVEL, EQ, "3.5", "", ""),
    ("000", T, "2", "每千人口拥有执业（助理）医师数", LEVEL, EQ, "2", "", ""),
    ("000", T, "80左右", "人均预期寿命", LEVEL, APPROX, "80", "", ""),
    ("000", T, "25.82", "基本养老保险参保人数", LEVEL, EQ, "25.82", "", ""),
    ("000", T, "99", "初中毕业生升学率", LEVEL, EQ, "99", "", ""),
    ("000", T, "完成市下达任务", REDUCING, QUOTA, None, None, "", ""),
    ("000", T, "39.44", "森林覆盖率", LEVEL, EQ, "39.44", "", ""),
    ("000", T, "小于0.01", "亿元GDP生产安全事故死亡率", LEVEL, LT, "0.01", "", ""),
    ("000", A, "5.5", "地区生产总值增速", RATE, EQ, "5.5", "", ""),
    ("000", A, "-", "常住人口城镇化率", NOT_SET, None, None, "", ""),
    ("000", A, "4.5", "全员劳动生产率增速", RATE, EQ, "4.5", "", ""),
    ("000", A, "7.5左右", "研发经费投入增长", RATE, APPROX, "7.5", "", ""),
    ("000", A, ">5.5", "居民人均可支配收入增长", RATE, GT, "5.5", "", ""),
    ("000", A, "1.5", "基本养老保险参保人数", RATE, EQ, "1.5", "", ""),
    # 003 张店区 十四五 table (lines 30-150), `|` cells, [累计] column
    ("003", B, "2.4", "", LEVEL, EQ, "2.4", "", ""),
    ("003", B, "95.90", "", LEVEL, EQ, "95.90", "", ""),
    ("003", B, "——", "", NOT_SET, None, None, "", ""),
    ("003", B, "28.5", "", LEVEL, EQ, "28.5", "", ""),
    ("003", B, "1.41", "", LEVEL, EQ, "1.41", "", ""),
    ("003", B, "32.9", "", LEVEL, EQ, "32.9", "", ""),
    ("003", B, "2.4左右", "", LEVEL, APPROX, "2.4", "", ""),
    ("003", B, "3.4", "", LEVEL, EQ, "3.4", "", ""),
    ("003", B, "4.5%以内", "城镇登记失业率", LEVEL, LE, "4.5", "%", ""),
    ("003", B, "12", "", LEVEL, EQ, "12", "", ""),
    ("003", B, "10.7", "", LEVEL, EQ, "10.7", "", ""),
    ("003", B, "91.4", "", LEVEL, EQ, "91.4", "", ""),
    ("003", B, "0.69", "", LEVEL, EQ, "0.69", "", ""),
    ("003", B, "82", "", LEVEL, EQ, "82", "", ""),
    ("003", B, "60.4", "", LEVEL, EQ, "60.4", "", ""),
    ("003", B, "10.06", "", LEVEL, EQ, "10.06", "", ""),
    ("003", B, "2.23", "", LEVEL, EQ, "2.23", "", ""),
    ("003", T, "——", "地区生产总值增速", NOT_SET, None, None, "", ""),
    ("003", T, "95.95", "常住人口城镇化率", LEVEL, EQ, "95.95", "", ""),
    ("003", T, "38.5", "“四新”经济增加值占比", LEVEL, EQ, "38.5", "", ""),
    ("003", T, "1.91", "全社会研发经费投入占地区生产总值比重", LEVEL, EQ, "1.91", "", ""),
    ("003", T, "34.58", "每万人口高价值发明专利拥有量", LEVEL, EQ, "34.58", "", ""),
    ("003", T, "5", "数字经济核心产业增加值占地区生产总值比重", LEVEL, EQ, "5", "", ""),
    ("003", T, "4.5%以内", "城镇登记失业率", LEVEL, LE, "4.5", "%", ""),
    ("003", T, "14", "劳动年龄人口平均受教育年限", LEVEL, EQ, "14", "", ""),
    ("003", T, "10.7", "每千人拥有执业(助理)医师数", LEVEL, EQ, "10.7", "", ""),
    ("003", T, "96", "基本养老保险参保率", LEVEL, EQ, "96", "", ""),
    ("003", T, "1.69", "每千人口拥有3岁以下婴幼儿托位数", LEVEL, EQ, "1.69", "", ""),
    ("003", T, "82.5", "人均预期寿命", LEVEL, EQ, "82.5", "", ""),
    ("003", T, "完成市分解任务", "单位地区生产总值能源能耗降低", QUOTA, None, None, "", ""),
    ("003", T, "10.06", "森林覆盖率", LEVEL, EQ, "10.06", "", ""),
    ("003", T, "2万吨以上", "粮食综合生产能力", LEVEL, GE, "2", "万吨", ""),
    ("003", A, "7", "地区生产总值增速", RATE, EQ, "7", "", ""),
    ("003", A, "[0.05]", "常住人口城镇化率", CUM, EQ, "0.05", "", ""),
    ("003", A, "7左右", "全员劳动生产率增速", RATE, APPROX, "7", "", ""),
    ("003", A, "[10]", "“四新”经济增加值占比", CUM, EQ, "10", "", ""),
    ("003", A, "[0.5]", "全社会研发经费投入占地区生产总值比重", CUM, EQ, "0.5", "", ""),
    ("003", A, "[1.68]", "每万人口高价值发明专利拥有量", CUM, EQ, "1.68", "", ""),
    ("003", A, "[2.6左右]", "数字经济核心产业增加值占地区生产总值比重", CUM, APPROX, "2.6", "", ""),
    (
        "003",
        A,
        "与地区生产总值增速同步",
        "居民人均可支配收入增长",
        REL,
        GE,
        None,
        "",
        "地区生产总值增速",
    ),
    ("003", A, "——", "城镇登记失业率", NOT_SET, None, None, "", ""),
    ("003", A, "[4.6]", "基本养老保险参保率", CUM, EQ, "4.6", "", ""),
    ("003", A, "[1.0]", "每千人口拥有3岁以下婴幼儿托位数", CUM, EQ, "1.0", "", ""),
    ("003", A, "[0.5]", "人均预期寿命", CUM, EQ, "0.5", "", ""),
    # 004 槐荫区 十五五 table (lines 60-160): 2025年预计 baseline, blank cells, sub-rows
    ("004", B, "5.5", "", LEVEL, EQ, "5.5", "", ""),
    ("004", B, "", "", NOT_SET, None, None, "", ""),
    ("004", B, "\t", "", NOT_SET, None, None, "", ""),
    ("004", B, "86.5", "", LEVEL, EQ, "86.5", "", ""),
    ("004", B, "11.3", "", LEVEL, EQ, "11.3", "", ""),
    ("004", B, "15", "", LEVEL, EQ, "15", "", ""),
    ("004", B, "80.5", "", LEVEL, EQ, "80.5", "", ""),
    ("004", B, "0.27", "", LEVEL, EQ, "0.27", "", ""),
    ("004", T, "—", "地区生产总值增速", NOT_SET, None, None, "", ""),
    ("004", T, "", "全社会研发经费投入增长", NOT_SET, None, None, "", ""),
    ("004", T, "88", "高新技术产业产值占规模以上工业总产值比重年均增长", LEVEL, EQ, "88", "", ""),
    ("004", T, "11.9", "执业医师数", LEVEL, EQ, "11.9", "", ""),
    ("004", T, "15.7", "注册护士数", LEVEL, EQ, "15.7", "", ""),
    ("004", T, "82", "人均预期寿命", LEVEL, EQ, "82", "", ""),
    ("004", T, "0.279", "粮食综合生产能力", LEVEL, EQ, "0.279", "", ""),
    ("004", A, "5", "地区生产总值增速", RATE, EQ, "5", "", ""),
    ("004", A, "7", "全社会研发经费投入增长", RATE, EQ, "7", "", ""),
    ("004", A, "0.3", "高新技术产业产值占规模以上工业总产值比重年均增长", RATE, EQ, "0.3", "", ""),
    ("004", A, "完成上级下达任务", "新增城镇就业人数", QUOTA, None, None, "", ""),
    ("004", A, "1.03", "执业医师数", RATE, EQ, "1.03", "", ""),
    ("004", A, "0.91", "注册护士数", RATE, EQ, "0.91", "", ""),
    ("004", A, "", "养老机构护理型床位占比", NOT_SET, None, None, "", ""),
    ("004", A, "—", "人均预期寿命", NOT_SET, None, None, "", ""),
    ("004", A, "0.65", "粮食综合生产能力", RATE, EQ, "0.65", "", ""),
    ("004", A, "完成上级下达任务", "城市细颗粒物（PM2.5）浓度", QUOTA, None, None, "", ""),
]

PROSE_TARGETS: list[Row] = [
    # 002 市中区: no table, targets in prose (第三节奋斗目标, lines 32-38)
    ("002", P, "到2025 年,全区地区生产总值力争突破1500 亿元", "", LEVEL, GE, "1500", "亿元", ""),
    ("002", P, "全区地区生产总值力争突破1500 亿元", "", LEVEL, GE, "1500", "亿元", ""),
    ("002", P, "力争突破1500 亿元", "", LEVEL, GE, "1500", "亿元", ""),
    ("002", P, "一般公共预算收入力争超过140 亿元", "", LEVEL, GT, "140", "亿元", ""),
    ("002", P, "力争超过140 亿元", "", LEVEL, GT, "140", "亿元", ""),
    ("002", P, "到2025 年,全区高新技术企业达到240 家", "", LEVEL, GE, "240", "家", ""),
    ("002", P, "达到240 家", "", LEVEL, GE, "240", "家", ""),
    ("002", P, "全社会研发投入占GDP比重达到0.77%", "", LEVEL, GE, "0.77", "%", ""),
    ("002", P, "每万人发明专利拥有量59 件", "", LEVEL, EQ, "59", "件", ""),
    ("002", P, "到2025 年,森林覆盖率稳定在34%左右", "", LEVEL, APPROX, "34", "%", ""),
    ("002", P, "城镇居民人均可支配收入达85825 元", "", LEVEL, GE, "85825", "元", ""),
    ("002", P, "城镇失业率控制在3%以内", "", LEVEL, LE, "3", "%", ""),
    ("002", P, "城乡居民收入增速快于经济增速", "", REL, GT, None, "", "经济增速"),
    # 003 张店区 prose targets
    ("003", P, "服务业增加值占比控制在80%左右", "", LEVEL, APPROX, "80", "%", ""),
    ("003", P, "其中现代服务业占比超过70%", "", LEVEL, GT, "70", "%", ""),
    (
        "003",
        P,
        "高新技术产业产值占规模以上工业总产值比重在“十三五”末数据基础上提高2.5%",
        "",
        CUM,
        EQ,
        "2.5",
        "%",
        "",
    ),
    ("003", P, "人均公园绿地面积达到20平方米", "", LEVEL, GE, "20", "平方米", ""),
    ("003", P, "空气质量优良天数完成市里下达的目标任务", "", QUOTA, None, None, "", ""),
    ("003", P, "居民收入增长与经济增长基本同步", "", REL, APPROX, None, "", "经济增长"),
    ("003", P, "累计新增就业6万人", "", CUM, EQ, "6", "万人", ""),
    ("003", P, "城镇登记失业率控制在4.5%", "", LEVEL, LE, "4.5", "%", ""),
    (
        "003",
        P,
        "居民人均可支配收入增速与地区生产总值增速同步",
        "",
        REL,
        GE,
        None,
        "",
        "地区生产总值增速",
    ),
    ("003", P, "新建14所", "", LEVEL, EQ, "14", "所", ""),
    ("003", P, "新建10所小微养老机构", "", UNPARSED, None, None, "", ""),
    ("003", P, "打造颠覆式、规模化、可推广的新经济应用场景超级“IP”60个以上", "", LEVEL, GE, "60", "个", ""),
    ("003", P, "独角兽(含准独角兽)企业30家以上", "", LEVEL, GE, "30", "家", ""),
    ("003", P, "全区省级以上人才平台、创新平台增幅不低于30%", "", CUM, GE, "30", "%", ""),
    ("003", P, "新增省级以上众创空间或孵化器至少1家", "", LEVEL, GE, "1", "家", ""),
    ("003", P, "全区在孵企业总数突破400家", "", LEVEL, GE, "400", "家", ""),
    (
        "003",
        P,
        "力争“十四五”期间培养引进省级以上海内外高层次人才不低于 15 人次",
        "",
        LEVEL,
        GE,
        "15",
        "人次",
        "",
    ),
    ("003", P, "全社会研发(R&D)经费投入占地区生产总值比重力争达到1.91%", "", LEVEL, GE, "1.91", "%", ""),
    ("003", P, "力争到2025年全区高新技术企业数量达到80家", "", LEVEL, GE, "80", "家", ""),
    ("003", P, "科技型中小企业数量达到200家", "", LEVEL, GE, "200", "家", ""),
    ("003", P, "力争新增省级以上创新平台、人才平台15个以上", "", LEVEL, GE, "15", "个", ""),
    ("003", P, "培育形成2-3个百亿级新经济产业新赛道", "", UNPARSED, None, None, "", ""),
    # A range promises its lower end.
    ("003", P, "2-3个", "", LEVEL, GE, "2", "个", ""),
    ("003", P, "1-2个", "", LEVEL, GE, "1", "个", ""),
    ("003", P, "加快建设1-2所", "", LEVEL, GE, "1", "所", ""),
    ("003", P, "每年新建或提升街头主题公园3-5处", "", RATE, GE, "3", "处", ""),
    ("003", P, "3-5处", "每年新建或提升街头主题公园", RATE, GE, "3", "处", ""),
    ("003", P, "1.2万人以上", "每年新增城镇就业人数", RATE, GE, "1.2", "万人", ""),
    # NFKC would read m³ as "m3": the superscript must survive as part of the unit.
    ("003", P, "实现年调水量1000万m³", "", LEVEL, EQ, "1000", "万m³", ""),
    ("003", P, "1000万m³", "年调水量", LEVEL, EQ, "1000", "万m³", ""),
    # Chinese-numeral magnitudes are not read (百亿级 is an order of magnitude, not a number).
    ("003", P, "着力打造具有区域竞争力的百亿级数字产业集群", "", UNPARSED, None, None, "", ""),
    ("003", P, "百亿级", "数字产业集群规模", UNPARSED, None, None, "", ""),
    ("003", P, "服务业增加值占地区生产总值比重稳定在80%左右", "", LEVEL, APPROX, "80", "%", ""),
    ("003", P, "其中现代服务业占比达到70%左右", "", LEVEL, APPROX, "70", "%", ""),
    ("003", P, "全区环境空气质量优良率力争达到65%以上", "", LEVEL, GE, "65", "%", ""),
    ("003", P, "保障全区用水量控制在1.4亿立方米以下", "", LEVEL, LE, "1.4", "亿立方米", ""),
    ("003", P, "万元工业增加值用水量较2020年降低10%", "", RED, EQ, "10", "%", ""),
    ("003", P, "节水型社区建成率达到32%", "", LEVEL, GE, "32", "%", ""),
    ("003", P, "集体经济收入全部达到20万元以上", "", LEVEL, GE, "20", "万元", ""),
    ("003", P, "确保全区进出口总额年均增长5%以上", "", RATE, GE, "5", "%", ""),
    ("003", P, "力争企业开办网办率达到95%", "", LEVEL, GE, "95", "%", ""),
    ("003", P, "每年新增城镇就业人数1.2万人以上", "", RATE, GE, "1.2", "万人", ""),
    ("003", P, "全区布局建设充电桩850个以上", "", LEVEL, GE, "850", "个", ""),
    # Not one clean target: trailing words, a red-line label, a non-quota 完成…目标.
    ("003", P, "城镇登记失业率低于4.5%红线目标", "", UNPARSED, None, None, "", ""),
    ("003", P, "力争培育至少10栋“亿元楼宇”", "", UNPARSED, None, None, "", ""),
    ("003", P, "6项主要污染物完成市级要求目标", "", UNPARSED, None, None, "", ""),
    # 004 槐荫区 prose targets (到2030年…)
    ("004", P, "到2030年，全社会研发投入总量达到21亿元", "", LEVEL, GE, "21", "亿元", ""),
    ("004", P, "市级以上科创平台达到180家", "", LEVEL, GE, "180", "家", ""),
    ("004", P, "人才资源总量达到25万人", "", LEVEL, GE, "25", "万人", ""),
    ("004", P, "到2030年，集成电路产业规模达到30亿元", "", LEVEL, GE, "30", "亿元", ""),
    ("004", P, "到2030年，高端数控机床与机器人产业规模达到80亿元", "", LEVEL, GE, "80", "亿元", ""),
    ("004", P, "到2030年，专用装备产业规模达到25亿元", "", LEVEL, GE, "25", "亿元", ""),
    ("004", P, "到2030年亿元楼宇达到5幢", "", LEVEL, GE, "5", "幢", ""),
    ("004", P, "到2030年科技型中小企业突破600家", "", LEVEL, GE, "600", "家", ""),
    ("004", P, "组织开展市内外科技成果对接活动10次以上", "", LEVEL, GE, "10", "次", ""),
    ("004", P, "养老服务机构达到20家以上", "", LEVEL, GE, "20", "家", ""),
    ("004", P, "到2030年培育市级以上农业产业化龙头企业25家以上", "", LEVEL, GE, "25", "家", ""),
    ("004", P, "到2030年残疾儿童义务教育入学率稳定在99%以上", "", LEVEL, GE, "99", "%", ""),
    ("004", P, "全区养老机构护理型床位占比达到80%", "", LEVEL, GE, "80", "%", ""),
    # Placeholders left in the published text ("*"): a target still to be set.
    ("004", P, "到2030年人口规模达到*万人", "", NOT_SET, None, None, "", ""),
    ("004", P, "达到*万人", "", NOT_SET, None, None, "", ""),
    ("004", P, "服务业占GDP比重从2020年的*%提高到*%", "", NOT_SET, None, None, "", ""),
    ("004", P, "养老机构服务安全、服务质量基本规范100%达标", "", UNPARSED, None, None, "", ""),
    # Two targets in one phrase: we do not pick one.
    (
        "004",
        P,
        "到2030年，全社会研发投入总量达到21亿元，市级以上科创平台达到180家",
        "",
        UNPARSED,
        None,
        None,
        "",
        "",
    ),
]

# 001 泰安市 2023 key-task list: the quantitative sub-targets inside the task texts (target_text).
TASK_SUB_TARGETS: list[Row] = [
    ("001", P, "10场以上", "高端学术交流活动", LEVEL, GE, "10", "场", ""),
    ("001", P, "8个以上", "创新创业平台", LEVEL, GE, "8", "个", ""),
    ("001", P, "100项以上", "省技术创新项目", LEVEL, GE, "100", "项", ""),
    ("001", P, "120家以上", "累计孵化注册企业", LEVEL, GE, "120", "家", ""),
    ("001", P, "累计孵化注册企业120家以上", "", CUM, GE, "120", "家", ""),
    ("001", P, "不少于30项", "市级以上重点科技创新项目", LEVEL, GE, "30", "项", ""),
    ("001", P, "100项", "企业技术创新项目", LEVEL, EQ, "100", "项", ""),
    ("001", P, "5家", "市技术创新示范企业", LEVEL, EQ, "5", "家", ""),
    ("001", P, "20家以上", "", LEVEL, GE, "20", "家", ""),
    ("001", P, "5项以上", "新旧动能转换重大产业攻关项目", LEVEL, GE, "5", "项", ""),
    ("001", P, "900家以上", "入库科技型中小企业", LEVEL, GE, "900", "家", ""),
    ("001", P, "高新技术企业增长60家以上", "高新技术企业增长", CUM, GE, "60", "家", ""),
    ("001", P, "60家以上", "高新技术企业增长", LEVEL, GE, "60", "家", ""),
    ("001", P, "达到3个", "省级现代服务业集聚区", LEVEL, GE, "3", "个", ""),
    ("001", P, "达到7个", "服务创新中心", LEVEL, GE, "7", "个", ""),
    ("001", P, "突破2700亿元", "“雁阵形”产业集群规模", LEVEL, GE, "2700", "亿元", ""),
    ("001", P, "突破1000亿元", "领军企业产值", LEVEL, GE, "1000", "亿元", ""),
    ("001", P, "500个以上", "工业技改项目", LEVEL, GE, "500", "个", ""),
    (
        "001",
        P,
        "高于规上工业企业平均水平",
        "工业50强企业营业收入增幅",
        REL,
        GT,
        None,
        "",
        "规上工业企业平均水平",
    ),
    ("001", P, "10家", "国家级专精特新“小巨人”企业", LEVEL, EQ, "10", "家", ""),
    ("001", P, "50家", "省级“专精特新”中小企业", LEVEL, EQ, "50", "家", ""),
    ("001", P, "4个以上", "省级工业互联网平台和场景", LEVEL, GE, "4", "个", ""),
    ("001", P, "达到11000个以上", "5G基站", LEVEL, GE, "11000", "个", ""),
    ("001", P, "2个以上", "省级首版次高端软件产品", LEVEL, GE, "2", "个", ""),
    ("001", P, "550公里", "新改建农村公路", LEVEL, EQ, "550", "公里", ""),
    ("001", P, "40座", "改造危桥", LEVEL, EQ, "40", "座", ""),
    ("001", P, "稳定在700万吨左右", "煤炭产量", LEVEL, APPROX, "700", "万吨", ""),
    ("001", P, "3000亩", "造林", LEVEL, EQ, "3000", "亩", ""),
    ("001", P, "300万株", "义务植树", LEVEL, EQ, "300", "万株", ""),
    ("001", P, "控制在12.24亿立方米以内", "全市用水总量", LEVEL, LE, "12.24", "亿立方米", ""),
    ("001", P, "达到1.43亿立方米以上", "非常规水资源利用量", LEVEL, GE, "1.43", "亿立方米", ""),
    ("001", P, "200万平方米以上", "新增绿色建筑", LEVEL, GE, "200", "万平方米", ""),
    ("001", P, "实现100%", "东平县排水管网排查率", LEVEL, EQ, "100", "%", ""),
    ("001", P, "达到54.5%", "城市污水处理厂提标升级覆盖率", LEVEL, GE, "54.5", "%", ""),
    ("001", P, "达到52%以上", "再生水利用率", LEVEL, GE, "52", "%", ""),
    ("001", P, "达到93%以上", "生活垃圾焚烧处理率", LEVEL, GE, "93", "%", ""),
    ("001", P, "457万平方米", "开工改造老旧小区", LEVEL, EQ, "457", "万平方米", ""),
    ("001", P, "10.2公里", "改造城市绿道", LEVEL, EQ, "10.2", "公里", ""),
    ("001", P, "稳定在557万亩", "粮食种植面积", LEVEL, EQ, "557", "万亩", ""),
    ("001", P, "257万吨", "粮食产量", LEVEL, EQ, "257", "万吨", ""),
    ("001", P, "达到60万亩以上", "“减垄增地”推广面积", LEVEL, GE, "60", "万亩", ""),
    ("001", P, "40个以上", "投资过10亿元项目", LEVEL, GE, "40", "个", ""),
    ("001", P, "增长15%以上", "重点产业链项目年度到位资金", RATE, GE, "15", "%", ""),
    ("001", P, "2000张", "新增护理型养老床位", LEVEL, EQ, "2000", "张", ""),
    ("001", P, "达到65%以上", "养老机构护理型床位占比", LEVEL, GE, "65", "%", ""),
    ("001", P, "2000户", "适老化改造", LEVEL, EQ, "2000", "户", ""),
    ("001", P, "100场次以上", "线上线下招聘活动", LEVEL, GE, "100", "场次", ""),
    ("001", P, "3.2万人", "上岗", LEVEL, EQ, "3.2", "万人", ""),
    ("001", P, "达到100%", "社区卫生服务中心基本标准达标率", LEVEL, GE, "100", "%", ""),
    ("001", P, "达到48.8%", "推荐标准达标率", LEVEL, GE, "48.8", "%", ""),
    ("001", P, "分别达到11个", "试点", LEVEL, GE, "11", "个", ""),
    # The whole task phrase keeps the activity's name after the number: not one clean target.
    ("001", P, "开展10场以上高端学术交流活动", "", UNPARSED, None, None, "", ""),
]

SEED_ROWS = TABLE_CELLS + PROSE_TARGETS + TASK_SUB_TARGETS


@cache
def source(doc: str) -> str:
    return (SOURCES / DOCS[doc]).read_text(encoding="utf-8")


def row_id(row: Row) -> str:
    return f"{row[0]}-{row[1].value}-{row[2].strip() or 'blank'}-{row[3][:8]}"


def assert_parsed(
    target: Target,
    kind: TargetKind,
    comparator: Comparator | None,
    value: str | None,
    unit: str,
    relative_to: str,
) -> None:
    assert target.kind is kind
    assert target.comparator == comparator
    if value is None:
        assert target.value is None
    else:
        assert target.value == Decimal(value)
        assert str(target.value) == value  # written precision kept: 95.90 stays 95.90
    assert target.unit == unit
    assert target.relative_to == relative_to


@pytest.mark.parametrize("row", SEED_ROWS, ids=row_id)
def test_seed_cell(row: Row) -> None:
    doc, column, text, name, kind, comparator, value, unit, relative_to = row
    if text.strip():
        assert text in source(doc), "the test table must quote the document verbatim"
    target = parse_target(text, column=column, indicator_name=name)
    assert target.raw == text
    assert_parsed(target, kind, comparator, value, unit, relative_to)


@pytest.mark.parametrize(
    ("text", "name", "kind", "value"),
    [
        ("[13.5]", REDUCING, RED, "13.5"),
        ("[13.5]", "单位地区生产总值二氧化碳排放下降", RED, "13.5"),
        ("[3]", "主要污染物排放总量减少", RED, "3"),
        ("[0.05]", "常住人口城镇化率", CUM, "0.05"),
        ("3", REDUCING, RATE, "3"),  # unbracketed in the annual column: a yearly rate
        ("【13.5】", REDUCING, RED, "13.5"),
        ("［0.05］", "常住人口城镇化率", CUM, "0.05"),
        ("[2.6左右]", REDUCING, RED, "2.6"),
    ],
)
def test_brackets_are_cumulative_or_reduction(text: str, name: str, kind: TargetKind, value: str) -> None:
    target = parse_target(text, column=Column.ANNUAL, indicator_name=name)
    assert target.kind is kind
    assert target.value == Decimal(value)


@pytest.mark.parametrize(
    ("text", "column", "kind", "comparator", "value", "unit"),
    [
        # full-width digits, letters and punctuation (NFKC)
        ("５．５", T, LEVEL, EQ, "5.5", ""),
        ("７．５左右", A, RATE, APPROX, "7.5", ""),
        ("＞５．５", A, RATE, GT, "5.5", ""),
        ("４．５％以内", B, LEVEL, LE, "4.5", "%"),
        ("　５．５　", T, LEVEL, EQ, "5.5", ""),
        ("－", T, NOT_SET, None, None, ""),
        ("－３．５", A, RATE, EQ, "-3.5", ""),
        ("−3.5", A, RATE, EQ, "-3.5", ""),
        # spaces inside numbers and around units; thousands separators
        ("1 500", T, LEVEL, EQ, "1500", ""),
        ("1 500 000", T, LEVEL, EQ, "1500000", ""),
        ("1\u2009500", T, LEVEL, EQ, "1500", ""),
        ("1\u00a0500亿元", T, LEVEL, EQ, "1500", "亿元"),
        ("1,500", T, LEVEL, EQ, "1500", ""),
        ("１，５００亿元", T, LEVEL, EQ, "1500", "亿元"),
        ("12,345,678.9", T, LEVEL, EQ, "12345678.9", ""),
        (" 240 家 ", P, LEVEL, EQ, "240", "家"),
        ("不低于 15 人次", P, LEVEL, GE, "15", "人次"),
        # every comparator word
        ("≥5", T, LEVEL, GE, "5", ""),
        (">=5", T, LEVEL, GE, "5", ""),
        ("≤5", T, LEVEL, LE, "5", ""),
        ("<5", T, LEVEL, LT, "5", ""),
        (">5.5", T, LEVEL, GT, "5.5", ""),
        ("约5", T, LEVEL, APPROX, "5", ""),
        ("5左右", T, LEVEL, APPROX, "5", ""),
        ("超过5", T, LEVEL, GT, "5", ""),
        ("高于5", T, LEVEL, GT, "5", ""),
        ("低于5", T, LEVEL, LT, "5", ""),
        ("小于5", T, LEVEL, LT, "5", ""),
        ("不超过5%", T, LEVEL, LE, "5", "%"),
        ("不高于5", T, LEVEL, LE, "5", ""),
        ("不低于5", T, LEVEL, GE, "5", ""),
        ("不少于5项", T, LEVEL, GE, "5", "项"),
        ("5以上", T, LEVEL, GE, "5", ""),
        ("5及以上", T, LEVEL, GE, "5", ""),
        ("5以内", T, LEVEL, LE, "5", ""),
        ("5以下", T, LEVEL, LE, "5", ""),
        ("控制在3%以内", T, LEVEL, LE, "3", "%"),
        ("达到240家", T, LEVEL, GE, "240", "家"),
        ("突破1500亿元", T, LEVEL, GE, "1500", "亿元"),
        ("力争突破1500亿元", T, LEVEL, GE, "1500", "亿元"),
        ("力争超过140亿元", T, LEVEL, GT, "140", "亿元"),
        ("超过5以上", T, LEVEL, GT, "5", ""),
        ("5%", A, RATE, EQ, "5", "%"),
        ("2万吨以上", T, LEVEL, GE, "2", "万吨"),
        ("140亿元", T, LEVEL, EQ, "140", "亿元"),
        ("35微克/立方米", T, LEVEL, EQ, "35", "微克/立方米"),
        ("35微克／立方米以下", T, LEVEL, LE, "35", "微克/立方米"),
        ("0.5个百分点", A, RATE, EQ, "0.5", "个百分点"),
        ("7万千瓦", T, LEVEL, EQ, "7", "万千瓦"),
        ("20m²", T, LEVEL, EQ, "20", "m²"),
        ("1000万m³", T, LEVEL, EQ, "1000", "万m³"),
        # ranges: the floor, upper end kept
        ("5-6", T, LEVEL, GE, "5", ""),
        ("5~6", T, LEVEL, GE, "5", ""),
        ("5～6万吨", T, LEVEL, GE, "5", "万吨"),
        ("5至6", T, LEVEL, GE, "5", ""),
        ("5—6", T, LEVEL, GE, "5", ""),
        ("达到2-3个", T, LEVEL, GE, "2", "个"),
        ("2-3个以上", T, LEVEL, GE, "2", "个"),
        # a placeholder for a number still to be set
        ("*", T, NOT_SET, None, None, ""),
        ("*%", T, NOT_SET, None, None, ""),
        ("达到*家以上", P, NOT_SET, None, None, ""),
        ("1.2万台", T, LEVEL, EQ, "1.2", "万台"),
        # quota and relative forms in every column
        ("完成上级下达任务", T, QUOTA, None, None, ""),
        ("完成市下达任务", A, QUOTA, None, None, ""),
        ("[完成市下达任务]", A, QUOTA, None, None, ""),
        ("高于全市平均水平", T, REL, GT, None, ""),
        ("不低于全省平均水平", T, REL, GE, None, ""),
        ("与经济增长同步", A, REL, GE, None, ""),
        # not set
        ("", T, NOT_SET, None, None, ""),
        ("   ", T, NOT_SET, None, None, ""),
        ("—", T, NOT_SET, None, None, ""),
        ("——", A, NOT_SET, None, None, ""),
        ("---", B, NOT_SET, None, None, ""),
        ("[-]", A, NOT_SET, None, None, ""),
        ("[——]", A, NOT_SET, None, None, ""),
    ],
)
def test_forms(
    text: str,
    column: Column,
    kind: TargetKind,
    comparator: Comparator | None,
    value: str | None,
    unit: str,
) -> None:
    target = parse_target(text, column=column)
    assert target.kind is kind
    assert target.comparator == comparator
    assert target.value == (None if value is None else Decimal(value))
    assert target.unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "5.5.5",
        "6-5",  # a reversed range
        "2-3左右",
        "不超过2-3",
        "5-6-7",
        "十",
        "五万吨",
        "5左右以上",
        "超过5以内",
        "约>5",
        "<>5",
        "[5",
        "5]",
        "[[5]]",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "1e5",
        "0x10",
        "高于",
        "与同步",
        "持续提升",
        "逐步提高",
        "显著增强",
        "5 5",
        "1 50",
        "1 5000",
        "5,5",
        "1,50",
        "**",
        "待定",
        "PM2.5",
        "5.5(备注1)",
        "GDP5",  # a table cell holds the target alone
        "增长5%",  # change verbs are only read in prose
        "2万吨以上(含)",
    ],
)
def test_garbage_is_unparsed_never_guessed(text: str) -> None:
    target = parse_target(text)
    assert target.kind is TargetKind.UNPARSED
    assert target.comparator is None
    assert target.value is None
    assert target.raw == text


def test_none_is_not_set() -> None:
    target = parse_target(None)
    assert target.kind is TargetKind.NOT_SET
    assert target.raw == ""


@pytest.mark.parametrize(
    ("text", "estimate"),
    [
        ("力争超过140亿元", False),
        ("争取100项以上", False),
        ("确保500个以上", False),
        ("5.5", False),
        ("预计5.5", True),
        ("5.5(预计)", True),
        ("5.5（预计）", True),
    ],
)
def test_estimate_flag(text: str, estimate: bool) -> None:
    target = parse_target(text, column=Column.BASELINE)
    assert target.value is not None
    assert target.estimate is estimate


def test_as_parsed_speaks_the_fixture_vocabulary() -> None:
    assert parse_target("2万吨以上").as_parsed() == {
        "kind": "level",
        "comparator": "ge",
        "value": "2",
        "unit": "万吨",
        "relative_to": "",
    }
    assert parse_target("与地区生产总值增速同步", column=Column.ANNUAL).as_parsed() == {
        "kind": "relative",
        "comparator": "ge",
        "value": None,
        "unit": "",
        "relative_to": "地区生产总值增速",
    }
    assert parse_target("完成市下达任务").as_parsed()["comparator"] is None


def test_column_decides_kind_of_a_plain_number() -> None:
    assert parse_target("5.5", column=Column.TARGET).kind is TargetKind.LEVEL
    assert parse_target("5.5", column=Column.ANNUAL).kind is TargetKind.RATE
    assert parse_target("5.5", column=Column.BASELINE).kind is TargetKind.LEVEL
    assert parse_target("5.5", column=Column.PROSE).kind is TargetKind.LEVEL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.5", "5.5"),
        ("95.90", "95.90"),
        ("-3", "-3"),
        ("+3", "3"),
        ("１,５００", "1500"),
        (" 1 500 ", "1500"),
        ("０.０１", "0.01"),
    ],
)
def test_parse_decimal(text: str, expected: str) -> None:
    value = parse_decimal(text)
    assert value == Decimal(expected)
    assert isinstance(value, Decimal)


@pytest.mark.parametrize("text", [None, "", "5%", "5左右", "NaN", "Infinity", "1e3", "abc", "-", "5.5.5"])
def test_parse_decimal_rejects_anything_but_a_plain_number(text: str | None) -> None:
    assert parse_decimal(text) is None
