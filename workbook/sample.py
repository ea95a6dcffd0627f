"""Realistic sample ledgers for demos, tests and the benchmark.

`generate()` returns the rows of the input sheets (单位, 领导, 周交办, 周研判,
加减分, 历史排名) in the column order of `duban.schema`, with values as str,
int, float, datetime.date or None. Everything is drawn from one
`random.Random(seed)`: the same arguments always give the same rows, whatever
the clock says.

Each unit has a hidden "diligence" that drives how often it finishes on time,
how late it is otherwise and how its work is graded, so monthly scores differ
and rankings are meaningful.

With ``dirty=True`` about thirty deliberate problems are injected, at least one
of each kind of SPEC §4; `DIRTY_KINDS` lists them and `generate_dirty()` also
returns where each one was put.

Run ``python -m workbook.sample`` to build ``workbook/duban-sample.xlsm`` and
``workbook/duban-sample-dirty.xlsm``. The samples are the ledger as it stands on
Friday 2026-11-27: weekly meetings every Monday from 2026-01-05 to 2026-11-23
(47 meetings, 4,000 items), so October is the last complete month, which is
what ``duban recompute --month 2026-10 --today 2026-11-27`` evaluates.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from duban import schema

Rows = list[list[Any]]

OFFICE = "办事处"
DEPARTMENT = "区直单位"
DONE = "已完成"
DOING = "推进中"
NOT_STARTED = "未启动"
GRADES = ("好", "较好", "一般", "差")

# ---------------------------------------------------------------------------
# Registers
# ---------------------------------------------------------------------------

# Sub-district offices, in the order they are taken.
OFFICES = (
    "城关", "东关", "西关", "南关", "北关", "新华", "解放", "人民路", "建设路", "滨河",
    "文化路", "花园", "五里堡", "工业园", "站前", "龙山",
)

# Leaders: (title, area, key). Units point at a leader by key.
LEADER_ROLES = (
    ("区委副书记、区长", "主持区政府全面工作，分管审计、统计工作", "chief"),
    ("区委常委、常务副区长", "负责区政府常务工作，分管发展改革、财政、国有资产、政务服务工作，联系东部各街道", "exec"),
    ("副区长", "分管住房城乡建设、城市管理、交通运输、城市更新、征收拆迁工作", "build"),
    ("副区长", "分管自然资源、生态环境、农业农村、水利工作", "land"),
    ("副区长", "分管教育体育、卫生健康、医疗保障、民政、人力资源和社会保障、退役军人事务工作", "social"),
    ("副区长、公安分局局长", "分管公安、司法行政、信访、应急管理、消防工作", "safety"),
    ("副区长", "分管商务、招商引资、市场监管、科技工业信息化、文化广电和旅游工作", "economy"),
    ("区政府党组成员", "协助分管城市更新、问题楼盘化解、征迁安置工作，联系西部各街道", "assist"),
)

# District departments, in the order they are taken:
# (name, short name, leader key, workload weight, topic tags, evaluated).
DEPARTMENTS = (
    ("区发改局", "发改局", "exec", 2.2, ("dev", "project"), True),
    ("区财政局", "财政局", "exec", 1.6, ("finance",), True),
    ("区住建局", "住建局", "build", 3.0, ("build", "project", "estate"), True),
    ("区自然资源局", "自然资源局", "land", 2.4, ("land", "project"), True),
    ("区教体局", "教体局", "social", 1.8, ("edu",), True),
    ("区卫健委", "卫健委", "social", 1.5, ("health",), True),
    ("区民政局", "民政局", "social", 1.2, ("civil",), True),
    ("区人社局", "人社局", "social", 1.2, ("hr",), True),
    ("区城管局", "城管局", "build", 2.6, ("city",), True),
    ("区生态环境分局", "生态环境分局", "land", 1.8, ("eco",), True),
    ("区应急管理局", "应急管理局", "safety", 1.4, ("safety",), True),
    ("区市场监管局", "市场监管局", "economy", 1.3, ("market",), True),
    ("区交通运输局", "交通运输局", "build", 1.3, ("traffic", "project"), True),
    ("区农业农村局", "农业农村局", "land", 1.4, ("agri",), True),
    ("区水利局", "水利局", "land", 1.0, ("water",), True),
    ("区商务局", "商务局", "economy", 1.5, ("invest",), True),
    ("区文广旅局", "文广旅局", "economy", 0.9, ("culture",), True),
    ("区审计局", "审计局", "chief", 0.6, ("audit",), True),
    ("区统计局", "统计局", "chief", 0.5, ("stat",), False),
    ("区信访局", "信访局", "safety", 1.1, ("petition",), True),
    ("区司法局", "司法局", "safety", 0.7, ("justice",), True),
    ("区退役军人事务局", "退役军人事务局", "social", 0.6, ("veteran",), True),
    ("区医保局", "医保局", "social", 0.7, ("insurance",), True),
    ("区政务服务中心", "政务服务中心", "exec", 0.9, ("gov",), True),
    ("区城投公司", "城投公司", "exec", 1.6, ("project", "build"), False),
    ("区科工信局", "科工信局", "economy", 1.2, ("invest", "industry"), True),
    ("区征迁办", "征迁办", "assist", 1.5, ("relocate",), True),
    ("区房管中心", "房管中心", "assist", 1.1, ("estate",), True),
    ("区公安分局", "公安分局", "safety", 0.9, ("police",), True),
    ("区消防救援大队", "消防救援大队", "safety", 0.6, ("safety",), True),
    ("区园林绿化中心", "园林绿化中心", "build", 0.8, ("city",), True),
    ("区机关事务中心", "机关事务中心", "exec", 0.4, ("gov",), True),
    ("区融媒体中心", "融媒体中心", "economy", 0.4, ("culture",), True),
    ("区人防办", "人防办", "safety", 0.4, ("safety",), True),
    ("区残联", "残联", "social", 0.4, ("civil",), True),
    ("区总工会", "总工会", "social", 0.3, ("hr",), True),
    ("区妇联", "妇联", "social", 0.3, ("civil",), True),
    ("团区委", "团区委", "social", 0.3, ("hr",), True),
    ("区供销社", "供销社", "land", 0.4, ("agri",), True),
    ("区大数据中心", "大数据中心", "exec", 0.5, ("gov",), True),
    ("区招商服务中心", "招商服务中心", "economy", 1.0, ("invest",), True),
    ("区城市更新中心", "城市更新中心", "assist", 1.0, ("build", "estate"), True),
    ("区档案馆", "档案馆", "exec", 0.2, ("gov",), True),
    ("区税务局", "税务局", "exec", 0.5, ("finance",), True),
    ("区气象局", "气象局", "land", 0.2, ("water",), True),
    ("区粮食和物资储备中心", "粮储中心", "land", 0.3, ("agri",), True),
    ("区国资中心", "国资中心", "exec", 0.6, ("finance",), True),
    ("区住房保障中心", "住房保障中心", "build", 0.6, ("estate", "civil"), True),
)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜"
    "戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_ONE = "伟强磊军洋勇杰涛明超静敏燕艳霞鹏斌辉刚平宁晨浩宇峰波毅鑫璐琳颖婷"
GIVEN_TWO = (
    "建国", "建华", "国强", "志强", "海涛", "晓东", "立新", "红梅", "丽娟", "秀英", "文博", "俊杰", "雪梅", "丽华",
    "志刚", "卫东", "永刚", "春燕", "海燕", "晓燕", "玉兰", "桂英", "建军", "建平", "宏伟", "振华", "德明", "学军",
    "小龙", "金凤", "新民", "庆丰", "保国", "长青", "红军", "瑞芳", "淑珍", "明辉", "文杰", "晓峰", "建新", "素琴",
)

COMMUNITIES = (
    "幸福里", "和平", "光明", "向阳", "朝阳", "红旗", "团结", "友谊", "春晖", "锦绣", "东风", "翠园", "民主", "建设",
    "新华", "永安", "福寿", "丰收", "康宁", "育才", "金桥", "银河", "花园", "府前", "兴隆", "长乐", "青年", "胜利",
    "前进", "东明", "南苑", "北辰", "怡和", "祥和", "紫荆", "梧桐", "秀水", "嘉园", "宏达", "利民", "振兴", "安居",
    "学院", "铁路", "电厂", "纺织", "机械", "化肥厂",
)
VILLAGES = (
    "李庄", "王寨", "张湾", "刘楼", "杨店", "马营", "赵岗", "陈庄", "孙家洼", "黄楼", "周寨", "吴桥", "郭营", "高庄",
    "前进", "后湖", "大王庄", "小李庄", "柳林", "枣园", "石桥", "沙窝", "董岗", "韩寨",
)
AREAS = ("火车站", "老城", "东城", "滨河", "工业园", "城北", "南湖", "西站", "二七", "龙山", "新区", "东湖", "铁北")
ROADS = (
    "建设路", "解放路", "人民路", "中山路", "文化路", "滨河路", "迎宾大道", "工业路", "纬二路", "经五路", "黄河路",
    "长江路", "光明路", "胜利街", "府前街", "车站路", "花园路", "南环路", "北环路", "商都路", "东风路", "嵩山路",
    "淮河路", "健康路", "学院路", "朝阳路",
)
PROJECTS = (
    "城东污水处理厂提标改造项目", "滨河路综合管廊项目", "区第二实验小学扩建项目", "区人民医院新院区项目",
    "智能制造产业园标准化厂房项目", "火车站片区棚户区改造项目", "城北安置房三期项目", "体育中心改造提升项目",
    "中心城区雨污分流改造项目", "迎宾大道快速化改造项目", "数字经济产业园项目", "冷链物流中心项目",
    "文化艺术中心项目", "南湖湿地公园项目", "老城区供热管网改造项目", "新能源汽车零部件产业园项目",
    "城市书房建设项目", "区妇幼保健院迁建项目", "保障性租赁住房项目", "北部水厂扩建项目",
    "区职业中专实训基地项目", "电子信息产业园二期项目", "城市生命线安全工程", "老旧管网更新改造项目",
    "东湖片区城市更新项目", "铁北货场搬迁项目", "区档案馆新馆项目", "城乡供水一体化项目",
    "东风渠生态廊道项目", "工业园区标准化厂房二期项目", "区中医院门诊综合楼项目", "智慧停车场建设项目",
)
SCHOOLS = (
    "区第一实验小学", "区第二实验小学", "区实验中学", "城关一中", "新华路小学", "滨河小学", "区职业中专",
    "东城幼儿园", "文化路小学", "育才中学", "南湖学校", "铁路小学",
)
HOSPITALS = ("区人民医院", "区中医院", "区妇幼保健院", "城关社区卫生服务中心", "东关社区卫生服务中心")
MARKETS = (
    "东关农贸市场", "西站批发市场", "新华农贸市场", "城北建材市场", "南关夜市", "花园路美食街", "老城步行街",
    "火车站商圈", "滨河农贸市场", "二七小商品市场",
)
RIVERS = ("东风渠", "七里河", "清水河", "护城河", "南干渠", "白沙河", "金水河", "潮河")
COMPANY_WORDS = (
    "宏达", "恒信", "鑫源", "瑞丰", "天成", "博远", "盛和", "嘉禾", "金泰", "华创", "中科", "远景", "和顺", "兴业",
    "众诚", "新锐", "广汇", "德润", "汇通", "隆基",
)
COMPANY_TRADES = (
    "新能源科技", "智能装备", "生物医药", "电子科技", "食品", "新材料", "物流", "置业", "建设工程", "纺织",
    "汽车零部件", "环保科技",
)
INDUSTRIES = ("新能源汽车", "电子信息", "生物医药", "高端装备", "现代物流", "新材料", "食品加工", "数字经济")
CITIES = ("深圳", "上海", "杭州", "苏州", "北京", "广州", "宁波", "成都", "厦门", "合肥")
ESTATES = (
    "锦绣华庭", "书香名邸", "盛世名城", "御景湾", "翡翠城", "金色家园", "阳光新城", "和谐嘉园", "滨河花园",
    "东方明珠苑", "世纪华府", "紫荆苑", "枫林雅居", "学府一号", "天悦府", "龙湖湾", "财富广场", "凤凰城",
)
SCENIC = ("南湖公园", "老城历史文化街区", "龙山森林公园", "东风渠游园", "文庙历史街区")
PETITION_ISSUES = (
    "安置房逾期交付", "企业改制职工安置", "房屋办证难", "拖欠工程款", "养老保险待遇", "物业服务纠纷",
    "老旧小区停车难", "噪音扰民",
)
VILLAGE_ISSUES = ("土地补偿款分配", "宅基地纠纷", "征地社保落实", "集体经济收益分配", "土地流转纠纷", "村务公开")

# ---------------------------------------------------------------------------
# Item templates: (category, tags, pattern). "any" fits every unit, "office"
# fits sub-district offices.
# ---------------------------------------------------------------------------

ITEM_TEMPLATES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # 重点项目
    ("重点项目", ("project", "dev", "build"), "督促{project}于{m}月底前开工建设"),
    ("重点项目", ("project", "dev", "build"), "加快{project}建设进度，{m}月底前完成年度投资{pct}%"),
    ("重点项目", ("project", "land", "dev"), "协调解决{project}用地、用电等要素保障问题"),
    ("重点项目", ("project", "build"), "推进{project}前期手续办理，{m}月底前取得施工许可证"),
    ("重点项目", ("project", "build"), "做好{project}竣工验收准备，{m}月{d}日前完成专项验收"),
    ("重点项目", ("land",), "完成{project}土地组卷报批"),
    ("重点项目", ("land",), "推进{village}村{n}亩地块土地收储"),
    ("重点项目", ("land",), "完成{road}沿线{n}宗批而未供土地处置"),
    ("重点项目", ("finance",), "筹措{project}建设资金{n}00万元，按进度拨付到位"),
    ("重点项目", ("finance", "audit"), "完成{project}预算评审"),
    ("重点项目", ("dev",), "谋划申报{m}月批次专项债券项目{n}个"),
    ("重点项目", ("dev",), "组织{project}申报中央预算内投资"),
    ("重点项目", ("traffic",), "推进{road}改造工程，{m}月底前恢复通行"),
    ("重点项目", ("relocate",), "完成{project}征收范围内{n}户房屋签约"),
    ("重点项目", ("relocate",), "推进{area}片区征收拆迁，{m}月{d}日前完成腾空交地"),
    ("重点项目", ("office",), "配合推进{project}征迁工作，完成辖区{n}户签约"),
    # 民生实事
    ("民生实事", ("build", "office"), "推进{area}片区老旧小区改造，{m}月底前完成{n}栋楼外立面改造"),
    ("民生实事", ("build",), "完成{community}社区{n}部既有住宅加装电梯"),
    ("民生实事", ("estate",), "督促{estate}项目按期交房，{m}月底前完成{n}户交付"),
    ("民生实事", ("estate",), "推进{estate}项目{n}户业主不动产权证办理"),
    ("民生实事", ("edu",), "推进{school}扩建工程，确保秋季学期投入使用"),
    ("民生实事", ("edu",), "完成{school}校舍安全隐患整改{n}项"),
    ("民生实事", ("edu",), "新增公办幼儿园学位{n}00个"),
    ("民生实事", ("health",), "推进{community}社区卫生服务站标准化建设"),
    ("民生实事", ("health",), "完成辖区{n}00名65岁以上老年人健康体检"),
    ("民生实事", ("health",), "做好{hospital}新院区开诊准备工作"),
    ("民生实事", ("civil",), "推进{community}社区养老服务中心建设，{m}月底前投入运营"),
    ("民生实事", ("civil",), "完成{n}户困难群众{m}月份救助资金发放"),
    ("民生实事", ("civil",), "开展{community}社区老年助餐点运营评估"),
    ("民生实事", ("hr",), "举办“春风行动”专场招聘会{n}场"),
    ("民生实事", ("hr",), "开发高校毕业生就业见习岗位{n}0个"),
    ("民生实事", ("hr", "petition"), "督促{company}兑付拖欠农民工工资"),
    ("民生实事", ("insurance",), "推进城乡居民医保参保扩面，新增参保{n}00人"),
    ("民生实事", ("insurance",), "开展{hospital}医保基金使用专项检查"),
    ("民生实事", ("veteran",), "完成{n}名退役军人就业安置"),
    ("民生实事", ("veteran",), "推进{community}社区退役军人服务站规范化建设"),
    ("民生实事", ("office",), "推进{community}社区老旧管网改造，解决{n}0户居民用水难问题"),
    ("民生实事", ("office",), "完成{community}社区电动自行车充电车棚建设{n}处"),
    ("民生实事", ("office",), "推进{community}社区党群服务中心提质改造"),
    ("民生实事", ("office",), "解决{community}社区{n}0户居民供暖不热问题"),
    # 招商引资
    ("招商引资", ("invest",), "推进{company}{industry}项目签约落地"),
    ("招商引资", ("invest", "industry"), "跟进{company}扩产项目，{m}月底前完成设备安装"),
    ("招商引资", ("invest",), "组织赴{city}开展{industry}产业专题招商推介活动"),
    ("招商引资", ("invest", "industry"), "新增{industry}产业链招商项目储备{n}个"),
    ("招商引资", ("industry",), "推动{company}完成智能化改造"),
    ("招商引资", ("industry",), "培育{n}家企业升规入统"),
    ("招商引资", ("land", "invest"), "协调{company}项目办理建设用地规划许可"),
    ("招商引资", ("gov",), "推进企业开办“一件事”集成办理，压缩办理时限至{n}个工作日"),
    ("招商引资", ("gov",), "新增{n}项政务服务事项“跨省通办”"),
    ("招商引资", ("market",), "推进{n}0家个体工商户转型升级为企业"),
    ("招商引资", ("office",), "做好{company}项目落地服务保障，协调解决周边群众诉求"),
    # 城市管理
    ("城市管理", ("city",), "整治{road}占道经营问题"),
    ("城市管理", ("city",), "完成{road}人行道破损修复{n}00平方米"),
    ("城市管理", ("city", "market"), "开展{market}周边环境卫生集中整治"),
    ("城市管理", ("city",), "清理{road}沿线违规户外广告牌{n}处"),
    ("城市管理", ("city", "office"), "推进{community}社区生活垃圾分类示范点建设"),
    ("城市管理", ("city",), "推进{road}道路绿化提升工程"),
    ("城市管理", ("office",), "拆除{community}社区违法建设{n}处"),
    ("城市管理", ("office",), "整治{road}背街小巷环境卫生"),
    ("城市管理", ("traffic",), "完成{road}公交站台改造{n}处"),
    ("城市管理", ("traffic", "police"), "整治{road}与{road2}交叉口交通拥堵问题"),
    ("城市管理", ("police",), "开展{market}周边交通秩序专项整治"),
    ("城市管理", ("build",), "推进{area}片区雨污分流改造，{m}月底前完成{n}公里管网铺设"),
    # 安全生产
    ("安全生产", ("safety",), "开展{area}片区燃气安全专项排查整治"),
    ("安全生产", ("safety",), "督促{company}完成安全隐患整改{n}项"),
    ("安全生产", ("safety", "water"), "组织防汛应急演练，完善{river}沿线防汛预案"),
    ("安全生产", ("safety",), "完成辖区{n}处危险化学品存储点核查"),
    ("安全生产", ("office",), "排查{community}社区自建房安全隐患{n}处并建立台账"),
    ("安全生产", ("office",), "整治{community}社区电动自行车违规停放充电问题"),
    ("安全生产", ("build",), "开展在建工地安全生产大检查，督促整改隐患{n}项"),
    ("安全生产", ("build", "estate"), "完成{n}栋C级、D级危房治理"),
    ("安全生产", ("edu",), "开展{school}校园及周边安全隐患排查"),
    ("安全生产", ("market",), "开展{market}特种设备安全检查"),
    ("安全生产", ("market", "health"), "开展{market}食品安全专项抽检"),
    ("安全生产", ("police",), "开展{area}片区治安隐患集中整治"),
    # 生态环保
    ("生态环保", ("eco",), "督促{company}完成环保督察反馈问题整改"),
    ("生态环保", ("eco", "water"), "完成{river}入河排污口排查整治"),
    ("生态环保", ("eco", "build"), "推进{area}片区扬尘污染治理"),
    ("生态环保", ("eco", "agri"), "开展秸秆禁烧巡查，落实网格化管理"),
    ("生态环保", ("agri",), "完成{village}村高标准农田建设{n}00亩"),
    ("生态环保", ("agri",), "推进{village}村农村户厕改造{n}0户"),
    ("生态环保", ("agri", "office"), "推进{village}村人居环境整治"),
    ("生态环保", ("water",), "完成{river}生态修复工程"),
    ("生态环保", ("water",), "推进{river}河道清淤疏浚{n}公里"),
    ("生态环保", ("office",), "整治{river}沿岸乱堆乱放问题"),
    ("生态环保", ("office",), "完成{community}社区黑臭水体排查整改"),
    # 其他
    ("其他", ("petition",), "化解{village}村{vissue}信访积案"),
    ("其他", ("petition", "office"), "做好{community}社区{issue}来访群众接待化解工作"),
    ("其他", ("petition",), "完成{m}月份{n}件信访事项按期办结"),
    ("其他", ("justice",), "推进{community}社区法律顾问全覆盖"),
    ("其他", ("justice",), "开展“八五”普法宣传进社区活动{n}场"),
    ("其他", ("audit",), "完成{project}跟踪审计"),
    ("其他", ("audit",), "督促整改审计发现问题{n}项"),
    ("其他", ("stat",), "做好{m}月份统计数据联网直报质量核查"),
    ("其他", ("stat",), "完成{n}家“四上”企业入库培育"),
    ("其他", ("culture",), "组织“文化惠民周末大舞台”演出{n}场"),
    ("其他", ("culture",), "推进{scenic}提质升级"),
    ("其他", ("any",), "落实区委常委会议定事项，{m}月{d}日前报送落实情况"),
    ("其他", ("any",), "办理人大代表建议{n}件、政协委员提案{n2}件"),
    ("其他", ("any",), "完成区委巡察反馈问题整改{n}项"),
    ("其他", ("any",), "做好{m}月份市级重点工作督查迎检准备"),
    ("其他", ("office",), "化解{community}社区{issue}信访积案"),
    # more variety for units with few topics
    ("其他", ("gov",), "推进{community}社区便民服务站“就近办”事项下沉{n}项"),
    ("其他", ("gov",), "完成{m}月份政务服务“好差评”差评件整改回访"),
    ("招商引资", ("gov",), "推进“高效办成一件事”{n}项重点事项落地"),
    ("其他", ("gov",), "整改{m}月份政务服务便民热线超期工单{n}件"),
    ("招商引资", ("gov",), "设立{area}片区企业服务专窗，实现{n}个事项“一窗受理”"),
    ("民生实事", ("health",), "开展{hospital}医疗服务质量专项检查"),
    ("民生实事", ("health",), "推进{community}社区家庭医生签约服务，新增签约{n}00人"),
    ("民生实事", ("health",), "做好{m}月份传染病防控和疫苗接种工作"),
    ("民生实事", ("health", "insurance"), "推进{hospital}与{community}社区卫生服务站医联体建设"),
    ("民生实事", ("insurance",), "完成{m}月份异地就医备案及结算问题排查"),
    ("民生实事", ("insurance",), "推进{hospital}医保支付方式改革"),
    ("民生实事", ("insurance",), "推进医保服务站进驻{community}社区"),
    ("其他", ("culture",), "办好{scenic}“{festival}”主题文旅活动"),
    ("民生实事", ("culture",), "完成{community}社区文化广场设施更新"),
    ("其他", ("culture",), "开展{market}周边文化市场专项检查"),
    ("其他", ("culture",), "推进{scenic}创建国家A级旅游景区"),
    ("安全生产", ("water",), "完成{river}堤防隐患排查，整改{n}处"),
    ("民生实事", ("water",), "推进{village}村农村供水管网改造"),
    ("生态环保", ("water",), "整改{river}河长制巡河发现问题{n}处"),
    ("其他", ("market",), "开展{market}计量器具专项检查"),
    ("其他", ("market",), "整治{market}价格违法行为"),
    ("民生实事", ("market",), "完成{n}0家餐饮单位“明厨亮灶”改造"),
    ("民生实事", ("build",), "完成{community}社区老旧小区改造项目竣工验收"),
    ("安全生产", ("build",), "督促{company}整改在建工地质量问题{n}项"),
    ("民生实事", ("estate",), "推进{estate}项目专项维修资金归集"),
    ("重点项目", ("land",), "完成{village}村实用性村庄规划编制"),
    ("其他", ("land",), "查处{village}村违法占地问题{n}宗"),
    ("城市管理", ("city",), "完成{road}夜景亮化提升"),
    ("城市管理", ("city",), "推进{road}窨井盖隐患排查整治，更换{n}0个"),
    ("其他", ("stat",), "开展{area}片区{n}0家企业统计执法检查"),
    ("其他", ("audit",), "完成{unit2}主要负责人经济责任审计"),
    ("其他", ("any",), "完成{m}月份重点工作推进情况专题报告"),
    ("其他", ("any",), "落实区长办公会议定事项，{m}月{d}日前完成"),
    ("其他", ("any",), "完成市级督查反馈问题整改{n}项"),
)
FESTIVALS = ("春节", "元宵", "端午", "中秋", "国庆", "文化和自然遗产日", "五一")

# Appended when a unit already has the drawn text (large ledgers).
QUALIFIERS = (
    "，{m}月{d}日前报送进展情况", "（第{k}批）", "（{area}片区）", "，建立问题清单逐项销号", "，形成专题报告报区政府",
    "（{area}片区第{k}批）", "，{m}月{d}日前完成自查", "，同步做好群众解释工作",
)

PROGRESS_OPEN = (
    "已召开专题推进会，明确责任分工，正在组织实施",
    "方案已报分管区领导审定，下周启动实施",
    "正在办理前期手续，已完成立项",
    "已完成现场勘察，正在编制实施方案",
    "施工单位已进场，完成工程量约{pct}%",
    "已完成{pct}%，正在加紧推进",
    "已与相关单位对接，正在协调解决资金问题",
    "已约谈相关企业，限期整改中",
    "已完成摸底排查，建立问题台账{n}项，已整改{k}项",
    "已形成初步方案，正在征求各方意见",
    "已完成招标，合同签订中",
    "本周完成主体施工，正在进行附属工程",
    "已上门走访{n}户群众，正在逐户做工作",
    "问题已分解到相关科室和社区，每日调度",
)
PROGRESS_NEW = (
    "正在制定工作方案",
    "已对接相关部门，近期启动",
    "已明确责任科室，正在开展前期调查",
)
PROGRESS_DONE = (
    "已全部完成，经现场核验达到要求",
    "已按时限完成，相关资料已归档",
    "已完成并通过验收",
    "已办结，已向分管区领导专题汇报",
    "已完成，群众满意度回访良好",
)
COMMENTS = {
    "好": ("推进有力，成效明显", "措施扎实，提前完成", "标准高、质量好，值得推广", "群众反映良好，效果突出"),
    "较好": ("按要求完成，资料较完整", "完成较好，个别环节仍需完善", "推进有序，成效较好"),
    "一般": ("完成质量一般，需进一步跟进", "反馈不够及时，资料不全", "基本完成，效果有待巩固"),
    "差": ("推进迟缓，敷衍应付", "逾期完成且质量不高，予以通报", "多次催办仍未按要求落实"),
}
REMARKS = ("区委常委会议定事项", "市级督查交办", "人大代表建议", "群众来信反映", "区长办公会议定事项", "书记专题会议定事项")

# ---------------------------------------------------------------------------
# 周研判: descriptions, causes, roots and paths per category
# ---------------------------------------------------------------------------

REVIEW_COUNTS = (("历史遗留问题", 46), ("信访积案", 52), ("问题楼盘", 14), ("征迁遗留问题", 38))
REVIEW_TEXT: dict[str, dict[str, tuple[str, ...]]] = {
    "问题楼盘": {
        "desc": (
            "{estate}项目（{company}开发）停工，{n}00余户业主逾期未交房",
            "{estate}项目已交房多年，{n}00余户业主不动产权证无法办理",
            "{estate}项目配套设施未建成，业主无法正常入住",
            "{estate}项目开发商擅自变更规划，业主集体投诉",
        ),
        "cause": (
            "开发企业资金链断裂，项目停工", "土地出让金及相关税费未缴清，无法办理首次登记",
            "规划变更未报批，存在超规划建设", "预售资金监管不到位，资金被挪用",
        ),
        "root": (
            "前期审批监管缺位，预售资金监管制度落实不严", "历史上“先建后批”做法遗留手续缺失",
            "开发企业盲目扩张、过度负债", "部门之间信息不共享，问题发现滞后",
        ),
        "path": (
            "引入国有平台公司承接续建，成立专班推进复工", "分类处置欠缴税费，容缺办理首次登记",
            "司法重整与保交楼专项借款并用", "一楼一策，倒排工期，每周调度",
        ),
    },
    "信访积案": {
        "desc": (
            "{village}村村民反映{vissue}问题多年重复上访", "{company}原职工反映{issue}问题",
            "{estate}小区业主反映房屋质量问题", "{road}拓宽工程被征收户反映补偿标准问题",
            "{community}社区居民反映{issue}问题",
        ),
        "cause": (
            "补偿分配方案未经村民代表大会表决", "政策理解存在偏差，诉求部分合理",
            "群众期望值过高，与政策标准存在差距", "历次答复口径不一致，群众不信任",
        ),
        "root": (
            "村务公开不规范，历史账目不清", "企业改制时政策衔接不到位", "基层矛盾化解机制不健全，首办责任落实不到位",
            "相关部门职责交叉，推诿扯皮",
        ),
        "path": (
            "包案领导接访下访，依法依规分类化解", "引入第三方审计公开账目，召开村民代表大会重新表决",
            "落实“一案一策”，司法救助兜底", "召开听证会，公开评议，依法终结",
        ),
    },
    "历史遗留问题": {
        "desc": (
            "{company}破产遗留职工安置问题", "{community}社区无物业老旧楼院管理问题",
            "原{trade}厂家属院“三供一业”移交遗留问题", "{village}村集体土地上违规建设房屋处置问题",
            "城区{n}处无证建筑分类处置问题", "{project}遗留工程款结算问题",
        ),
        "cause": (
            "原企业主体灭失，责任无法落实", "当年手续不全，缺少规划及产权资料",
            "资金缺口较大，各方分担比例未确定", "政策调整前后标准不一",
        ),
        "root": (
            "历史形成的体制机制问题，长期未纳入统筹解决", "早期管理粗放，档案资料缺失",
            "牵头部门不明确，多头管理", "缺少专项政策依据",
        ),
        "path": (
            "成立工作专班，区财政统筹资金兜底", "出台专项处置办法，分类处置",
            "引入专业物业公司托管，逐步规范", "请示市级层面政策支持",
        ),
    },
    "征迁遗留问题": {
        "desc": (
            "{project}征迁户安置房逾期未回迁问题", "{village}村征迁户过渡费拖欠问题",
            "{road}拓宽工程{n}户未签约问题", "{area}片区棚改安置房产权办理问题",
            "{village}村征地补偿款未足额发放问题",
        ),
        "cause": (
            "安置房建设进度滞后", "征迁资金未及时拨付到位", "被征收户对评估价格有异议", "安置房手续不全无法办证",
        ),
        "root": (
            "征迁与安置不同步，先拆后建", "项目资金平衡方案不落实", "征收补偿政策宣传解释不到位", "早期审批程序倒置",
        ),
        "path": (
            "倒排安置房建设工期，按月调度", "统筹资金优先保障过渡费发放", "一户一策，依法依规推进征收",
            "联合自然资源、住建部门并联办理产权手续",
        ),
    },
}
# Responsible units per review category, by topic tag (falls back to offices).
REVIEW_UNIT_TAGS = {
    "问题楼盘": ("estate", "build"),
    "信访积案": ("petition", "hr", "land", "office"),
    "历史遗留问题": ("finance", "build", "hr", "office"),
    "征迁遗留问题": ("relocate", "land", "office"),
}

# ---------------------------------------------------------------------------
# 加减分
# ---------------------------------------------------------------------------

BONUS_REASONS = (
    "市级督查通报表扬", "工作经验被市委信息采用", "省级媒体正面报道", "获得省级表彰",
    "重点项目观摩评比位居前列", "营商环境评价获市级通报表扬", "信访积案化解成效突出",
)
PENALTY_REASONS = (
    "重点工作推进不力被通报", "交办事项逾期未报送进展", "信访积案化解不力被市级约谈",
    "安全生产检查发现重大隐患", "环保督察反馈问题整改不到位", "市级督查发现问题被通报批评",
)
BONUS_BASES = (
    "市政府督查室督查通报第{n}期", "区政府办公室通报〔{y}〕{n}号", "市委办公室信息采用（第{n}期）",
    "区委督查委通报〔{y}〕{n}号",
)
PENALTY_BASES = (
    "区委督查委通报〔{y}〕{n}号", "市政府督查室督查通报第{n}期", "区委办公室督查通报第{n}期",
    "区督查室督办单〔{y}〕{n}号",
)


# ---------------------------------------------------------------------------
# Dirty data: what `generate(dirty=True)` injects
# ---------------------------------------------------------------------------

class DirtyKind(NamedTuple):
    kind: str
    sheet: str
    header: str
    level: str  # 错误 | 警告 | 无 (readable alternative format)
    description: str


DIRTY_KINDS: list[DirtyKind] = [
    DirtyKind("missing_required", "周交办", "事项内容", "错误", "必填字段为空：事项内容、完成时限、交办领导各一行"),
    DirtyKind("unknown_unit", "周交办", "牵头单位", "错误", "牵头单位不在单位名单中的近似名称：“区住建委”“城关街到办事处”"),
    DirtyKind("two_lead_units", "周交办", "牵头单位", "错误", "牵头单位写了两个单位：“区住建局、区城管局”"),
    DirtyKind("unknown_leader", "周交办", "交办领导", "错误", "交办领导写成“姓+区长”，不在领导名单中"),
    DirtyKind("unreadable_date", "周交办", "完成时限", "错误", "无法识别的日期“2026-13-45”"),
    DirtyKind("deadline_before_assignment", "周交办", "完成时限", "错误", "完成时限早于交办日期"),
    DirtyKind("done_without_date", "周交办", "完成日期", "错误", "办理状态为已完成但未填完成日期"),
    DirtyKind("completion_in_future", "周交办", "完成日期", "错误", "完成日期晚于今天"),
    DirtyKind("completion_before_assignment", "周交办", "完成日期", "错误", "完成日期早于交办日期"),
    DirtyKind("bad_status", "周交办", "办理状态", "错误", "办理状态“已办结”不在可选范围内"),
    DirtyKind("bad_grade", "周交办", "点评等次", "错误", "点评等次“优秀”不在可选范围内"),
    DirtyKind("duplicate_id", "周交办", "编号", "错误", "两条不同事项使用了同一编号"),
    DirtyKind("meeting_not_monday", "周交办", "交办日期", "警告", "一整期例会改在星期三召开（交办日期均为星期三）"),
    DirtyKind("period_two_dates", "周交办", "交办日期", "警告", "同一期次中有一行交办日期不同（早一周）"),
    DirtyKind("likely_duplicate", "周交办", "事项内容", "警告", "同一牵头单位、同一事项内容以新编号再次登记"),
    DirtyKind("stale_progress", "周交办", "本周进展", "警告", "未办结事项超过 7 天没有反馈，或交办数周仍无进展"),
    DirtyKind("completion_on_open", "周交办", "完成日期", "警告", "推进中的事项填写了完成日期"),
    DirtyKind("stray_characters", "周交办", "牵头单位", "警告",
              "名称带多余空格或全角字符：“区财政局 ”（尾部空格）、“区　民政局”（全角空格，配合单位）、“王　强”式领导姓名"),
    DirtyKind("text_date", "周交办", "完成时限", "警告", "文本日期：“2026.3.9”“2026/3/9”“2026年3月9日”“3月9日”"),
    DirtyKind("review_bad_status", "周研判", "化解状态", "错误", "化解状态“基本化解”不在可选范围内"),
    DirtyKind("review_resolved_without_date", "周研判", "化解日期", "错误", "化解状态为已化解但未填化解日期"),
    DirtyKind("adjustment_unknown_unit", "加减分", "单位", "错误", "加减分单位“区发展委”不在单位名单中"),
    DirtyKind("adjustment_over_cap", "加减分", "分值", "错误", "单条加减分 15 分，超过上限 ±10"),
    DirtyKind("month_text_formats", "加减分", "月份", "无", "月份写成“2026年3月”或该月中的一个日期（应能读取）"),
]


class Injection(NamedTuple):
    """Where one deliberate problem was put: data row index (0 = first row under the header)."""

    kind: str
    sheet: str
    row: int
    header: str
    value: Any


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

D = dt.timedelta


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _weekday_back(d: dt.date) -> dt.date:
    """Saturday/Sunday -> the Friday before."""
    wd = d.weekday()
    return d - D(days=wd - 4) if wd >= 5 else d


def _weekday_forward(d: dt.date) -> dt.date:
    """Saturday/Sunday -> the Monday after."""
    wd = d.weekday()
    return d + D(days=7 - wd) if wd >= 5 else d


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


class _Names:
    """Unique personal names drawn from one RNG."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self, single: bool | None = None) -> str:
        for _ in range(200):
            one = self.rng.random() < 0.4 if single is None else single
            given = self.rng.choice(GIVEN_ONE) if one else self.rng.choice(GIVEN_TWO)
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("name pool exhausted")


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "186", "187",
                         "188", "189", "133", "153", "180", "181", "177", "199"))
    return prefix + "".join(str(rng.randrange(10)) for _ in range(8))


class _Unit(NamedTuple):
    name: str
    short: str
    group: str
    leader: str
    evaluated: bool
    weight: float
    tags: tuple[str, ...]
    diligence: float
    communities: tuple[str, ...]  # offices: their own communities; departments: all


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------

def generate(seed: int = 2026, *, year: int = 2026, n_items: int = 4000, units: int = 40,
             dirty: bool = False, months: int = 12, today: dt.date | None = None) -> dict[str, Rows]:
    """Rows per input sheet title, in `duban.schema` column order.

    Meetings are held every Monday of `year` in the first `months` months, up to
    `today` (default: the last day of month `months`). Exactly `n_items` items
    are assigned over them (a dirty sample has one extra re-entered item).
    `units` units are registered: a quarter (at most 16) sub-district offices,
    the rest district departments (at most 48).
    """
    rows, _ = generate_dirty(seed, year=year, n_items=n_items, units=units, dirty=dirty,
                             months=months, today=today)
    return rows


def generate_dirty(seed: int = 2026, *, year: int = 2026, n_items: int = 4000, units: int = 40,
                   dirty: bool = True, months: int = 12,
                   today: dt.date | None = None) -> tuple[dict[str, Rows], list[Injection]]:
    """Like `generate`, also returning where each deliberate problem was injected."""
    if not 1 <= months <= 12:
        raise ValueError("months must be 1..12")
    if today is None:
        today = _last_day(year, months)
    rng = random.Random(seed)
    gen = _Generator(rng, year, months, today, units)
    out: dict[str, Rows] = {
        schema.UNITS.title: gen.unit_rows(),
        schema.LEADERS.title: gen.leader_rows(),
        schema.ITEMS.title: gen.item_rows(n_items),
        schema.REVIEWS.title: gen.review_rows(),
        schema.ADJUSTMENTS.title: gen.adjustment_rows(),
        schema.HISTORY.title: [],
    }
    injections: list[Injection] = []
    if dirty:
        injections = _Dirt(random.Random(seed * 7919 + 17), out, gen).inject()
    return out, injections


class _Generator:
    def __init__(self, rng: random.Random, year: int, months: int, today: dt.date, n_units: int):
        self.rng = rng
        self.year = year
        self.today = today
        first = dt.date(year, 1, 1)
        first_monday = first + D(days=(7 - first.weekday()) % 7)
        end = min(_last_day(year, months), today)
        self.meetings: list[dt.date] = []
        d = first_monday
        while d <= end:
            self.meetings.append(d)
            d += D(days=7)
        if not self.meetings:
            raise ValueError(f"no Monday meeting between {first_monday} and {end}")
        self.names = _Names(rng)
        self._make_leaders()
        self._make_units(n_units)

    # -- registers ---------------------------------------------------------

    def _make_leaders(self) -> None:
        self.leaders: list[tuple[str, str, str]] = []
        self.leader_by_key: dict[str, str] = {}
        for i, (title, area, key) in enumerate(LEADER_ROLES):
            # one two-character name among the deputies (the dirty sample pads it with a full-width space)
            name = self.names(single=True if i == 2 else None)
            self.leaders.append((name, title, area))
            self.leader_by_key[key] = name

    def _make_units(self, n: int) -> None:
        n_off = max(1, min(len(OFFICES), round(n / 4)))
        n_dep = n - n_off
        if n_dep < 1 or n_dep > len(DEPARTMENTS):
            raise ValueError(f"units must be between 2 and {len(OFFICES) + len(DEPARTMENTS)}")
        rng = self.rng
        pool = list(COMMUNITIES)
        rng.shuffle(pool)
        per = max(3, len(pool) // n_off)
        self.units: list[_Unit] = []
        # Diligence: spread over (0, 1) with distinct values so units do not tie.
        for i, base in enumerate(OFFICES[:n_off]):
            comms = tuple(pool[(i * per + k) % len(pool)] for k in range(per))
            leader = self.leader_by_key["exec" if i % 2 == 0 else "assist"]
            self.units.append(_Unit(f"{base}街道办事处", f"{base}街道", OFFICE, leader, True,
                                    1.6 * rng.lognormvariate(0, 0.25), ("office",), rng.betavariate(3, 2), comms))
        for name, short, lkey, w, tags, ev in DEPARTMENTS[:n_dep]:
            self.units.append(_Unit(name, short, DEPARTMENT, self.leader_by_key[lkey], ev,
                                    w * rng.lognormvariate(0, 0.25), tags, rng.betavariate(3, 2), COMMUNITIES))
        self.unit_by_name = {u.name: u for u in self.units}
        self._weights = [u.weight for u in self.units]
        all_tags = {t for _c, ts, _p in ITEM_TEMPLATES for t in ts}
        self._templates = {t: [tp for tp in ITEM_TEMPLATES if t in tp[1]] for t in all_tags}
        self._generic = [tp for tp in ITEM_TEMPLATES if "any" in tp[1]]

    def unit_rows(self) -> Rows:
        rows = []
        for i, u in enumerate(self.units, start=1):
            rows.append([u.name, u.short, u.group, u.leader, self.names(), _phone(self.rng),
                         "是" if u.evaluated else "否", i])
        return rows

    def leader_rows(self) -> Rows:
        return [[n, t, a] for n, t, a in self.leaders]

    def units_with(self, tags: tuple[str, ...]) -> list[_Unit]:
        return [u for u in self.units if set(u.tags) & set(tags)]

    # -- 周交办 --------------------------------------------------------------

    def _content(self, u: _Unit, deadline: dt.date) -> tuple[str, str]:
        rng = self.rng
        cands = [tp for t in u.tags for tp in self._templates.get(t, ())]
        if not cands or rng.random() < 0.1:
            cands = cands + self._generic if cands else self._generic
        cat, _tags, pattern = rng.choice(cands)
        road, road2 = rng.sample(ROADS, 2)
        company = rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_TRADES) + "有限公司"
        n = rng.choice((2, 3, 3, 4, 5, 5, 6, 8, 10, 12, 15, 20))
        text = pattern.format(
            project=rng.choice(PROJECTS), area=rng.choice(AREAS), road=road, road2=road2,
            community=rng.choice(u.communities), village=rng.choice(VILLAGES), estate=rng.choice(ESTATES),
            school=rng.choice(SCHOOLS), hospital=rng.choice(HOSPITALS), market=rng.choice(MARKETS),
            river=rng.choice(RIVERS), company=company, industry=rng.choice(INDUSTRIES), city=rng.choice(CITIES),
            scenic=rng.choice(SCENIC), issue=rng.choice(PETITION_ISSUES), vissue=rng.choice(VILLAGE_ISSUES), n=n, n2=rng.randint(2, 9),
            pct=rng.choice((30, 40, 50, 60, 70, 80)), m=deadline.month, d=deadline.day,
            festival=rng.choice(FESTIVALS), unit2=rng.choice(self.units).name,
        )
        return cat, text

    def _unique_content(self, u: _Unit, deadline: dt.date, period: int, seen: set[str]) -> tuple[str, str]:
        """An item text this unit has not had yet: redraw, then qualify, then number it."""
        rng = self.rng
        for _ in range(4):
            cat, text = self._content(u, deadline)
            if text not in seen:
                seen.add(text)
                return cat, text
        for _ in range(6):
            q = rng.choice(QUALIFIERS).format(m=deadline.month, d=deadline.day, k=rng.randint(2, 9),
                                              area=rng.choice(AREAS))
            if text + q not in seen:
                seen.add(text + q)
                return cat, text + q
        k = 2
        while f"{text}（第{period}期续办{k}）" in seen:
            k += 1
        text = f"{text}（第{period}期续办{k}）"
        seen.add(text)
        return cat, text

    def item_rows(self, n_items: int) -> Rows:
        rng, today, year = self.rng, self.today, self.year
        n_meet = len(self.meetings)
        # items per meeting: about n_items / meetings, +-30 %, summing to n_items exactly
        w = [rng.uniform(0.7, 1.3) for _ in range(n_meet)]
        total = sum(w)
        raw = [n_items * x / total for x in w]
        counts = [int(x) for x in raw]
        rest = n_items - sum(counts)
        for i in sorted(range(n_meet), key=lambda i: raw[i] - counts[i], reverse=True)[:rest]:
            counts[i] += 1
        width = max(3, len(str(max(counts) if counts else 0)))
        seen: dict[str, set[str]] = {u.name: set() for u in self.units}
        chief = self.leader_by_key["chief"]
        exec_ = self.leader_by_key["exec"]
        leader_names = [name for name, _t, _a in self.leaders]
        rows: Rows = []
        recent = today - D(days=7)
        for period, (meeting, count) in enumerate(zip(self.meetings, counts), start=1):
            lead_units = rng.choices(self.units, weights=self._weights, k=count)
            for seq, u in enumerate(lead_units, start=1):
                weeks = rng.choices(range(1, 9), weights=(18, 22, 18, 14, 10, 8, 5, 5))[0]
                deadline = meeting + D(days=7 * weeks - 3)  # the Friday of that week
                adjusted = None
                if rng.random() < 0.08:
                    adjusted = _weekday_back(deadline + D(days=rng.randint(7, 35)))
                effective = adjusted or deadline
                cat, content = self._unique_content(u, effective, period, seen[u.name])
                # co-units
                k = rng.choices((0, 1, 2), weights=(50, 35, 15))[0]
                co = ""
                if k:
                    others = [x for x in rng.sample(self.units, k + 1) if x.name != u.name][:k]
                    co = "、".join(x.name for x in others)
                r = rng.random()
                leader = u.leader if r < 0.65 else chief if r < 0.82 else exec_ if r < 0.9 else rng.choice(leader_names)
                # outcome, driven by the unit's diligence
                # on time, late by days or weeks, late by months, or stuck for good
                dil = u.diligence
                p_on = 0.6 + 0.33 * dil
                p_never = 0.005 + 0.04 * (1 - dil)
                x = rng.random()
                completed: dt.date | None
                on_time = False
                if x < p_on:
                    span = max(1, (effective - meeting).days)
                    completed = _weekday_back(meeting + D(days=max(1, round(span * rng.betavariate(2.5, 1.5)))))
                    on_time = True
                elif x < 1 - p_never:
                    mean = 60 if rng.random() < 0.25 else 8 + 15 * (1 - dil)
                    completed = _weekday_forward(effective + D(days=1 + int(rng.expovariate(1 / mean))))
                else:
                    completed = None
                if completed is not None and completed > today:
                    completed = None
                progress: str | None
                feedback: dt.date | None
                grade = comment = None
                if completed is not None:
                    status = DONE
                    progress = rng.choice(PROGRESS_DONE)
                    feedback = completed
                    if rng.random() < 0.7:
                        q = 0.55 * dil + (0.3 if on_time else 0.0) + rng.gauss(0, 0.16)
                        grade = "好" if q > 0.7 else "较好" if q > 0.48 else "一般" if q > 0.3 else "差"
                        comment = rng.choice(COMMENTS[grade])
                else:
                    new = meeting >= recent
                    status = NOT_STARTED if (new and rng.random() < 0.5) or rng.random() < 0.03 else DOING
                    if new and rng.random() < 0.4:
                        progress, feedback = None, None
                    else:
                        lo = max(meeting + D(days=1), today - D(days=6))
                        days = [lo + D(days=i) for i in range((today - lo).days + 1)] or [today]
                        wk = [d for d in days if d.weekday() < 5] or days
                        feedback = min(rng.choice(wk), today)
                        pool = PROGRESS_NEW if status == NOT_STARTED else PROGRESS_OPEN
                        n = rng.randint(4, 15)
                        progress = rng.choice(pool).format(pct=rng.choice((20, 30, 40, 50, 60, 70, 80, 90)),
                                                           n=n, k=rng.randint(1, n - 1))
                remark = None
                if adjusted is not None:
                    remark = "经分管区领导同意调整时限"
                elif rng.random() < 0.06:
                    remark = rng.choice(REMARKS)
                rows.append([
                    f"{year}-{period:02d}-{seq:0{width}d}", period, meeting, leader, u.name, co or None, content, cat,
                    deadline, adjusted, status, completed, progress, feedback, grade, comment, remark,
                    None, None,   # 申请延期日期, 延期次数: the sample records no extension requests
                ])
        return rows

    # -- 周研判 --------------------------------------------------------------

    def review_rows(self) -> Rows:
        rng, today = self.rng, self.today
        offices = [u for u in self.units if u.group == OFFICE]
        specs = []
        for cat, count in REVIEW_COUNTS:
            for k in range(count):
                if cat == "问题楼盘":
                    # the provincial list arrives early in the year: first few meetings
                    date = self.meetings[min(len(self.meetings) - 1, k // 4)]
                else:
                    date = rng.choice(self.meetings)
                specs.append((date, cat, k))
        specs.sort(key=lambda s: (s[0], [c for c, _ in REVIEW_COUNTS].index(s[1]), s[2]))
        rows: Rows = []
        for i, (date, cat, k) in enumerate(specs, start=1):
            txt = REVIEW_TEXT[cat]
            cands = self.units_with(REVIEW_UNIT_TAGS[cat])
            if "office" in REVIEW_UNIT_TAGS[cat] or not cands or rng.random() < 0.3:
                cands = cands + offices
            unit = rng.choice(cands)
            desc = rng.choice(txt["desc"]).format(
                estate=rng.choice(ESTATES), company=rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_TRADES) + "有限公司",
                n=rng.randint(2, 9), village=rng.choice(VILLAGES), issue=rng.choice(PETITION_ISSUES),
                vissue=rng.choice(VILLAGE_ISSUES),
                road=rng.choice(ROADS), community=rng.choice(unit.communities), trade=rng.choice(("纺织", "机械", "化肥", "棉麻", "食品", "造纸")),
                project=rng.choice(PROJECTS), area=rng.choice(AREAS))
            deadline = _weekday_back(date + D(days=rng.randint(30, 180)))
            age = (today - date).days
            if cat == "问题楼盘":
                resolved_now = k < 13  # 14 on the provincial list, 13 resolved
            else:
                resolved_now = rng.random() < min(0.85, age / 200)
            if resolved_now:
                lo = date + D(days=max(0, min(age, 14)))
                hi = max(lo, min(today, date + D(days=240)))
                resolved = lo + D(days=rng.randint(0, (hi - lo).days))
                resolved = min(max(_weekday_back(resolved), date), today)
                status = "已化解"
            else:
                resolved = None
                status = "化解中" if rng.random() < 0.75 else "未化解"
            remark = None
            if cat == "问题楼盘":
                remark = "省级台账"
            elif rng.random() < 0.1:
                remark = "区级领导包案"
            rows.append([f"YP{self.year}-{i:03d}", date, cat, desc, unit.name, rng.choice(txt["cause"]),
                         rng.choice(txt["root"]), rng.choice(txt["path"]), deadline, status, resolved, remark])
        return rows

    # -- 加减分 --------------------------------------------------------------

    def adjustment_rows(self, count: int = 30) -> Rows:
        rng, today, year = self.rng, self.today, self.year
        last = self.meetings[-1]
        # months up to the last complete one (or the last month with meetings)
        last_month = today.month if today == _last_day(today.year, today.month) else today.month - 1
        if today.year > year:
            last_month = 12
        last_month = max(1, min(last_month, last.month))
        evaluated = [u for u in self.units if u.evaluated]
        pairs = [(m, u) for m in range(1, last_month + 1) for u in evaluated]
        chosen = rng.sample(pairs, min(count, len(pairs)))
        chosen.sort(key=lambda p: (p[0], self.units.index(p[1])))
        reviewers = [self.names(), self.names()]
        rows: Rows = []
        for m, u in chosen:
            good = rng.random() < 0.45 + 0.3 * (u.diligence - 0.5)
            pts = rng.choice((0.5, 1, 1, 2, 2, 3, 3, 5) if good else (0.5, 1, 1, 2, 2, 3, 5))
            reason = rng.choice(BONUS_REASONS if good else PENALTY_REASONS)
            basis = rng.choice(BONUS_BASES if good else PENALTY_BASES).format(y=year, n=rng.randint(1, 40))
            rows.append([f"{year}-{m:02d}", u.name, _num(pts if good else -pts), reason, basis, rng.choice(reviewers)])
        return rows


# ---------------------------------------------------------------------------
# Dirty injection
# ---------------------------------------------------------------------------

_I = {c.name: i for i, c in enumerate(schema.ITEMS.columns)}
_R = {c.name: i for i, c in enumerate(schema.REVIEWS.columns)}


class _Dirt:
    def __init__(self, rng: random.Random, out: dict[str, Rows], gen: _Generator):
        self.rng = rng
        self.out = out
        self.gen = gen
        self.items = out[schema.ITEMS.title]
        self.used: set[int] = set()
        self.log: list[Injection] = []
        self.today = gen.today

    def note(self, kind: str, sheet: str, row: int, field: str, value: Any) -> None:
        sheet_def = schema.BY_TITLE[sheet]
        self.log.append(Injection(kind, sheet, row, sheet_def.column(field).header, value))

    def pick(self, cond=lambda r: True, prefer=None) -> int:
        """A fresh item row index matching cond (and prefer, if any matches)."""
        idx = [i for i, r in enumerate(self.items) if i not in self.used and cond(r)]
        if prefer is not None:
            better = [i for i in idx if prefer(self.items[i])]
            idx = better or idx
        if not idx:
            raise RuntimeError("no row left to inject into")
        i = self.rng.choice(idx)
        self.used.add(i)
        return i

    def set(self, kind: str, i: int, field: str, value: Any) -> None:
        self.items[i][_I[field]] = value
        self.note(kind, schema.ITEMS.title, i, field, value)

    def inject(self) -> list[Injection]:
        it = self.items
        today = self.today
        col = _I
        done = lambda r: r[col["status"]] == DONE  # noqa: E731
        open_ = lambda r: r[col["status"]] != DONE  # noqa: E731
        unit_is = lambda name: (lambda r: r[col["lead_unit"]] == name)  # noqa: E731
        names = {u.name for u in self.gen.units}
        office0 = self.gen.units[0].name  # 城关街道办事处
        typo0 = office0.replace("街道", "街到")  # 城关街到办事处 (城关街道办 is a standard short form)

        # a whole meeting moved to Wednesday (do it first: it shifts dates of its rows)
        periods = sorted({r[col["period"]] for r in it})
        wed_period = periods[len(periods) // 2]
        wed_rows = [i for i, r in enumerate(it) if r[col["period"]] == wed_period]
        monday = it[wed_rows[0]][col["assigned"]]
        wednesday = monday + D(days=2)
        for i in wed_rows:
            r = it[i]
            r[col["assigned"]] = wednesday
            for f in ("completed", "feedback_date"):
                if r[col[f]] is not None and r[col[f]] < wednesday:
                    r[col[f]] = min(wednesday, today)
            self.used.add(i)
        self.note("meeting_not_monday", schema.ITEMS.title, wed_rows[0], "assigned", wednesday)

        # missing required fields
        self.set("missing_required", self.pick(), "content", None)
        self.set("missing_required", self.pick(), "deadline", None)
        self.set("missing_required", self.pick(), "leader", None)
        # unknown units (near misses) and two lead units
        jian = "区住建局" if "区住建局" in names else self.gen.units[-1].name
        self.set("unknown_unit", self.pick(prefer=unit_is(jian)), "lead_unit", "区住建委" if jian == "区住建局" else jian + "委")
        self.set("unknown_unit", self.pick(prefer=unit_is(office0)), "lead_unit", typo0)
        other = "区城管局" if "区城管局" in names else self.gen.units[1].name
        self.set("two_lead_units", self.pick(prefer=unit_is(jian)), "lead_unit", f"{jian}、{other}")
        # unknown leader: "张区长" instead of the name
        deputy = self.gen.leaders[2][0]
        self.set("unknown_leader", self.pick(prefer=lambda r: r[col["leader"]] == deputy), "leader", deputy[0] + "区长")
        # dates
        self.set("unreadable_date", self.pick(), "deadline", f"{self.gen.year}-13-45")
        i = self.pick(open_)
        self.set("deadline_before_assignment", i, "deadline", it[i][col["assigned"]] - D(days=4))
        self.set("done_without_date", self.pick(done), "completed", None)
        i = self.pick(done)
        self.set("completion_in_future", i, "completed", today + D(days=5))
        i = self.pick(done)
        self.set("completion_before_assignment", i, "completed", it[i][col["assigned"]] - D(days=3))
        # vocabularies
        self.set("bad_status", self.pick(done), "status", "已办结")
        self.set("bad_grade", self.pick(lambda r: r[col["grade"]] is not None), "grade", "优秀")
        # duplicate id: the next row of the same meeting carries the previous row's number
        pairs = [k for k in range(len(it) - 1)
                 if k not in self.used and k + 1 not in self.used
                 and it[k][col["period"]] == it[k + 1][col["period"]] != wed_period]
        i = self.rng.choice(pairs)
        self.used.update((i, i + 1))
        self.set("duplicate_id", i + 1, "id", it[i][col["id"]])
        # a row of a meeting dated a week early
        i = self.pick(lambda r: r[col["period"]] not in (1, wed_period))
        self.set("period_two_dates", i, "assigned", it[i][col["assigned"]] - D(days=7))
        # no answer for weeks
        i = self.pick(lambda r: open_(r) and r[col["assigned"]] <= today - D(days=28))
        stale = _weekday_back(max(it[i][col["assigned"]] + D(days=1), today - D(days=20)))
        self.set("stale_progress", i, "feedback_date", stale)
        i = self.pick(lambda r: open_(r) and r[col["assigned"]] <= today - D(days=21))
        it[i][col["feedback_date"]] = None
        self.set("stale_progress", i, "progress", None)
        # completion date on an open item
        i = self.pick(lambda r: r[col["status"]] == DOING and r[col["assigned"]] <= today - D(days=10))
        self.set("completion_on_open", i, "completed", _weekday_back(today - D(days=3)))
        # stray characters
        fin = "区财政局" if "区财政局" in names else self.gen.units[-2].name
        self.set("stray_characters", self.pick(prefer=unit_is(fin)), "lead_unit", fin + " ")
        civ = "区民政局" if "区民政局" in names else self.gen.units[-3].name
        self.set("stray_characters", self.pick(), "co_units", civ[0] + "\u3000" + civ[1:])
        two = next((n for n, _t, _a in self.gen.leaders if len(n) == 2), self.gen.leaders[2][0])
        self.set("stray_characters", self.pick(prefer=lambda r: r[col["leader"]] == two), "leader",
                 two[0] + "\u3000" + two[1:])
        # dates typed as text
        i = self.pick()
        d = it[i][col["deadline"]]
        self.set("text_date", i, "deadline", f"{d.year}.{d.month}.{d.day}")
        i = self.pick(done)
        d = it[i][col["completed"]]
        self.set("text_date", i, "completed", f"{d.year}/{d.month}/{d.day}")
        i = self.pick()
        d = it[i][col["assigned"]]
        self.set("text_date", i, "assigned", f"{d.year}年{d.month}月{d.day}日")
        i = self.pick()
        d = it[i][col["deadline"]]
        if d.year == self.gen.year:
            self.set("text_date", i, "deadline", f"{d.month}月{d.day}日")
        # a likely duplicate: the same item entered again under the next number of its meeting
        i = self.pick(lambda r: r[col["period"]] != wed_period)
        period = it[i][col["period"]]
        last = max(k for k, r in enumerate(it) if r[col["period"]] == period)
        seqs = [str(r[col["id"]]).rpartition("-") for r in it if r[col["period"]] == period]
        prefix, _, seq = it[last][col["id"]].rpartition("-")
        top = max(int(s) for p_, _s, s in seqs if p_ == prefix and s.isdigit())
        copy = list(it[i])
        copy[col["id"]] = f"{prefix}-{top + 1:0{len(seq)}d}"
        it.insert(last + 1, copy)
        # indexes after the insertion point shift by one
        self.log = [inj._replace(row=inj.row + 1) if inj.sheet == schema.ITEMS.title and inj.row > last else inj
                    for inj in self.log]
        self.note("likely_duplicate", schema.ITEMS.title, last + 1, "content", copy[_I["content"]])

        # 周研判
        rv = self.out[schema.REVIEWS.title]
        ridx = [k for k, r in enumerate(rv) if r[_R["status"]] == "已化解"]
        a, b = self.rng.sample(ridx, 2)
        rv[a][_R["status"]] = "基本化解"
        self.note("review_bad_status", schema.REVIEWS.title, a, "status", "基本化解")
        rv[b][_R["resolved"]] = None
        self.note("review_resolved_without_date", schema.REVIEWS.title, b, "resolved", None)

        # 加减分
        adj = self.out[schema.ADJUSTMENTS.title]
        month = adj[len(adj) // 2][0] if adj else f"{self.gen.year}-01"
        adj.append([month, "区发展委", 2,   # 区发改委 is a standard spelling of 区发改局
                    "项目谋划工作获市级通报表扬",
                    f"市政府督查室督查通报第{self.rng.randint(1, 30)}期", adj[0][5] if adj else None])
        self.note("adjustment_unknown_unit", schema.ADJUSTMENTS.title, len(adj) - 1, "unit", adj[-1][1])
        u = self.rng.choice([x for x in self.gen.units if x.evaluated])
        adj.append([month, u.name, 15, "获得国家级表彰", f"区委督查委通报〔{self.gen.year}〕{self.rng.randint(1, 30)}号",
                    adj[0][5] if adj else None])
        self.note("adjustment_over_cap", schema.ADJUSTMENTS.title, len(adj) - 1, "points", 15)
        if len(adj) >= 4:
            y, m = (int(x) for x in adj[1][0].split("-"))
            adj[1][0] = f"{y}年{m}月"
            self.note("month_text_formats", schema.ADJUSTMENTS.title, 1, "month", adj[1][0])
            y, m = (int(x) for x in adj[2][0].split("-"))
            adj[2][0] = dt.date(y, m, 15)
            self.note("month_text_formats", schema.ADJUSTMENTS.title, 2, "month", adj[2][0])
        return self.log


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

SAMPLE_MONTHS = 11
SAMPLE_TODAY = dt.date(2026, 11, 27)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m workbook.sample",
                                description="生成示例台账（干净版与含错版）")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--items", type=int, default=4000)
    p.add_argument("--units", type=int, default=40)
    p.add_argument("--out-dir", default=str(Path(__file__).resolve().parent))
    p.add_argument("--no-macros", action="store_true", help="write .xlsx without the VBA project")
    args = p.parse_args(argv)
    from duban.template.builder import build_workbook

    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ext = ".xlsx" if args.no_macros else ".xlsm"
    for dirty, name in ((False, "duban-sample"), (True, "duban-sample-dirty")):
        t0 = time.perf_counter()
        rows = generate(args.seed, year=2026, n_items=args.items, units=args.units, dirty=dirty,
                        months=SAMPLE_MONTHS, today=SAMPLE_TODAY)
        t1 = time.perf_counter()
        path = out / f"{name}{ext}"
        build_workbook(path, rows=rows, macros=not args.no_macros)
        t2 = time.perf_counter()
        n = len(rows[schema.ITEMS.title])
        print(f"{path}: {n} 条交办事项，生成 {t1 - t0:.2f} 秒，写入 {t2 - t1:.2f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
