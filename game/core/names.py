"""Names and former jobs for the town's households: real, ordinary names, drawn by the seed.

Pinyin for English, characters for Chinese; the UI picks by language. Surnames are the most
common ones in northern China (assumption: no source needed for names).
"""

SURNAMES = [
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
    ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Sun", "孙"),
    ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"), ("Guo", "郭"), ("He", "何"), ("Gao", "高"),
    ("Lin", "林"), ("Luo", "罗"), ("Zheng", "郑"), ("Liang", "梁"), ("Song", "宋"), ("Han", "韩"),
    ("Tang", "唐"), ("Feng", "冯"), ("Yu", "于"), ("Dong", "董"), ("Xiao", "萧"), ("Cheng", "程"),
]

GIVEN = [
    ("Min", "敏"), ("Jun", "军"), ("Hong", "红"), ("Wei", "伟"), ("Li", "丽"), ("Qiang", "强"),
    ("Yan", "燕"), ("Gang", "刚"), ("Fang", "芳"), ("Lei", "磊"), ("Xia", "霞"), ("Tao", "涛"),
    ("Ping", "平"), ("Bin", "斌"), ("Hua", "华"), ("Jie", "杰"), ("Ying", "英"), ("Dong", "东"),
    ("Juan", "娟"), ("Peng", "鹏"), ("Lan", "兰"), ("Chao", "超"), ("Mei", "梅"), ("Hai", "海"),
    ("Guiying", "桂英"), ("Jianguo", "建国"), ("Xiuying", "秀英"), ("Zhiqiang", "志强"),
    ("Shuzhen", "淑珍"), ("Guoqing", "国庆"),
]

# Keys into the translation files ("job.<key>"), so the bio reads in the player's language.
FORMER_JOBS = [
    "crane_driver", "furnace_tender", "rolling_mill_operator", "canteen_cook", "warehouse_clerk",
    "electrician", "welder", "lab_assistant", "accountant", "nurse_at_the_mill_clinic",
    "truck_driver", "maintenance_fitter", "quality_inspector", "miner", "coal_washer",
    "shop_assistant", "bus_conductor", "seamstress", "mechanic", "teacher",
]
