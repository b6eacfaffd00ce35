"""Does a message say the customer's business is stopped? Production down, a whole office
without mail: what severity A is for.

"Our production site is down", "весь офис без почты", "生产系统全挂了" are not how-tos: a
support desk puts an engineer on them at once. The bot offers the engineer and a severity A
ticket (``handlers/incident_talk.py``) instead of an article. Kept to plain, strong
phrases in three languages: a miss costs the customer one press of "talk to an engineer",
a false hit an offer they did not need.
"""

from __future__ import annotations

import re

_BUSINESS_DOWN = re.compile(
    # our production site is down, prod is down, the production system went offline
    r"\b(?:production|prod)\b[^.?!\n]{0,30}?\b(?:down|offline|outage|dead|broken"
    r"|not\s+working|unreachable|stopped)\b"
    # the whole company can't work, the entire office has no email
    r"|\b(?:whole|entire)\s+(?:company|office|team|firm|business|organi[sz]ation|staff|site)"
    r"\b[^.?!\n]{0,40}?\b(?:can\s*(?:no|')?t|cannot|unable|down|without|has\s+no|is\s+out|stopped)"
    r"|\b(?:nobody|no\s+one|no-one|none\s+of\s+us)\b[^.?!\n]{0,25}?\b(?:can|is\s+able|could)\b"
    # we are losing orders
    r"|\b(?:we\s*(?:are|'re)|we\s+re)\s+losing\s+(?:orders|money|customers|sales|business)\b"
    # our website is down and customers can't reach it
    r"|\b(?:customers|clients|buyers)\s+(?:can\s*(?:no|')?t|cannot|are\s+unable\s+to|could\s*n[o']?t)"
    r"\s+(?:reach|get\s+(?:to|in)|log\s*in|order|buy|pay)\b"
    r"|\b(?:business|operations|work)\s+(?:is|are|has)\s+(?:down|stopped|halted|at\s+a\s+standstill)"
    # весь офис без почты, вся компания не может работать, никто не может работать
    r"|\b(?:весь|вся|всё|все|целый|целая)\s+(?:офис|компани[яи]|отдел|фирм[аы]|предприятие"
    r"|сотрудники|коллектив|склад|производство|бухгалтерия|цех|смена|магазин|филиал)\b[^.?!\n]{0,30}?(?:\bбез\b|не\s+мо|не\s+работа"
    r"|сто[ия]т|лежит|встал)"
    r"|\bникто\s+не\s+(?:может|можем|могут)\b"
    r"|\bу\s+всех\s+в\s+(?:офисе|компании|отделе|филиале)\b[^.?!\n]{0,30}?не\s+(?:работа|мо|заход)"
    r"|\bтеря(?:ем|ют)\s+(?:заказы|деньги|клиентов|продажи)"
    r"|\bпрод(?:акшн|акшен|е)?\b[^.?!\n]{0,20}?(?:лежит|упал|не\s+работает|недоступ|встал|стоит"
    r"|не\s+(?:стартует|запускается|поднимается))"
    r"|\b(?:встал|лежит|упал)\s+(?:наш\s+)?прод(?:акшн|акшен)?\b"
    r"|работа\s+(?:\w+\s+)?(?:стоит|встала|парализован)"
    # наш сайт лежит, клиенты не могут зайти
    r"|\bклиенты\s+(?:\w+\s+)?не\s+(?:могут|может)\s+(?:зайти|попасть|заказать|оплатить)"
    r"|\b(?:наш\s+)?сайт\s+(?:\w+\s+)?(?:лежит|упал|недоступен)"
    # 生产系统全挂了, 全公司都用不了, 业务中断
    r"|(?:生产|线上|正式)(?:系统|环境|服务器|网站|业务)?[^。？！?!\n]{0,6}?"
    r"(?:挂|宕机|瘫痪|中断|不能用|用不了|打不开|崩|起不来|启动不了|访问不了|连不上)"
    r"|(?:全公司|整个公司|全办公室|整个办公室|所有人|全体员工|大家)(?:都)?[^。？！?!\n]{0,8}?"
    r"(?:用不了|不能|无法|没法|打不开|上不了|进不去|收不到|发不出|没有|登不上|登不了|连不上)"
    r"|业务(?:全部|全)?(?:中断|停摆|瘫痪|停了)"
    # 我们的网站打不开了，客户都访问不了
    r"|(?:客户|顾客|用户)(?:都|全都)?(?:访问不了|打不开|进不去|下不了单|没法下单|无法访问|上不去)"
    r"|(?:官网|网站|商城)(?:突然)?(?:挂了|宕机|瘫痪|崩了)",
    re.IGNORECASE,
)


# "Email is down for everyone", "outlook is down for the whole company": said, not asked
# ("is outlook down for everyone?" asks whether it is, see bot/services/health/mentions.py).
_DOWN_FOR_ALL = re.compile(
    r"\b(?:down|not\s+working|broken|dead)\s+(?:for|in)\s+(?:every(?:one|body)|all\s+of\s+us"
    r"|all\s+(?:users|staff)|the\s+(?:whole|entire)\s+(?:company|office|team|firm))\b"
    # "почта не работает у всех с утра", also in Latin letters
    r"|не\s+работа\w*\s+у\s+всех\b|\bу\s+всех\s+не\s+работа"
    r"|\bne\s+rabota\w*\s+u\s+vse(?:kh|h)\b|\bu\s+vse(?:kh|h)\s+ne\s+rabota",
    re.IGNORECASE,
)


def says_business_down(text: str) -> bool:
    """Does ``text`` say production is down or a whole company cannot work ("our
    production site is down", "весь офис без почты", "生产系统全挂了")?"""
    if _BUSINESS_DOWN.search(text) is not None:
        return True
    return "?" not in text and _DOWN_FOR_ALL.search(text) is not None
