"""Whether a message asks the reseller to *do* something only its people can ("send me the
October invoice", "пришлите, пожалуйста, копию счёта", "账单 NW-… 要开发票"), in English,
Russian and Chinese.

The bot answers such a message from the knowledge base like any other, but an article can
only say how to ask: it cannot send the invoice. A walkthrough's customers typed what the
articles told them to, got the same article back, pressed "it helped" and waited for an
invoice nobody had heard of. So after the answer the bot says plainly that only the team
can do it and that nobody has seen the request yet, and offers the way to an engineer.

The rule is narrow on purpose, read as a support desk would: a request (an imperative,
"can you …", "I need …", "пришлите", "можете выставить", "нужен", "请帮我开", "要开")
about a thing only the reseller holds or changes (an invoice, a fapiao, a quote, licences
to buy, the billing contact, a subscription, a refund). A how-to question ("how do I get a
fapiao?", "как получить фапяо", "怎么开发票") asks for the article, not the deed, and stays
a question; so do "outlook won't send the invoice e-mail" and "add a shared mailbox".
"""

from __future__ import annotations

import re

from bot.services.health.mentions import readings
from bot.services.small_talk import normalise

MAX_CHARS = 600  # longer is a report that may mention an invoice, not a request

# -- English: read clause by clause ("hi, please send me the invoice") ----------------------
_EN_OBJECT = (
    r"(?:invoices?|bills?|fapiaos?|vat invoices?|tax invoices?|receipts?|statements?"
    r"|statement of account|quotes?|quotations?|price list|contracts?|order forms?"
    r"|credit notes?|credits?|refunds?|billing (?:contact|address|e ?mail|details)"
    r"|invoice (?:e ?mail|address|recipient)|company name|tax id|link code"
    r"|auto ?renew(?:al)?|subscriptions?|trial)\b"
)
_EN_THING = re.compile(
    r"(?:me |us )?(?:please )?"
    r"(?:(?:a|an|the|our|my|this|that|last|next|all|\w+ s) )?"  # "last month s"
    r"(?:(?:new|updated|corrected|fresh|pdf|scanned|stamped) )?"
    r"(?:(?:copy|copies|pdf|scan|duplicate) of )?(?:(?:the|our|my|a) )?"
    r"(?:[\w]+ ){0,2}?"  # a month, a year, an invoice number: "the october invoice"
    + _EN_OBJECT
    + r"|(?:me |us )?(?:\d+|more|extra|additional|another|a few|some more) (?:\w+ ){0,5}?"
    r"(?:licen[cs]es?|seats?)\b"  # licences to buy: "5 business standard licences"
    r"|(?:\w+ ){0,4}?(?:to|from) (?:microsoft 365 |office 365 |m365 )?"
    r"(?:business|enterprise|e1|e3|e5|annual|yearly|monthly)\b"  # a plan or a term
)
_EN_DEEDS = (
    "send",
    "resend",
    "re send",
    "e ?mail",
    "mail",
    "forward",
    "issue",
    "reissue",
    "re issue",
    "make out",
    "provide",
    "prepare",
    "generate",
    "give",
    "add",
    "buy",
    "order",
    "purchase",
    "cancel",
    "renew",
    "upgrade",
    "downgrade",
    "change",
    "update",
    "switch",
    "move",
    "refund",
    "credit",
    "extend",
    "turn off",
    "convert",
    "stamp",
    "lower",
    "reduce",
    "increase",
    "remove",
)
_EN_VERB = "(?:" + "|".join(_EN_DEEDS) + ")"
_EN_RECEIVE = "(?:" + "|".join(("get", "have", "receive", "obtain", *_EN_DEEDS)) + ")"
_EN_OPENING = r"^(?:(?:hi|hello|hey|dear \w+|team|and|also|so|ok|okay|then)\s+)*"
_EN_LEADS = (
    # "send me …", "please issue …", "can you send …", "I need you to change …"
    _EN_OPENING + r"(?:(?:please|pls|plz|kindly)\s+)?"
    r"(?:(?:can|could|would|will) (?:you|u|someone|somebody)(?: please| pls| kindly)?\s+"
    r"|(?:i|we)(?: would| d)? (?:like|want|need|ask|request) (?:you|someone|northwind) to\s+)?"
    r"(?:(?:please|pls|kindly)\s+)?" + _EN_VERB + r"\b\s*",
    # "I'd like to get …", "can we have …"
    _EN_OPENING + r"(?:i|we)(?: would| d)? (?:like|want|need) to\s+" + _EN_RECEIVE + r"\b\s*",
    _EN_OPENING + r"(?:can|could|may) (?:i|we)(?: please)? (?:get|have|receive|obtain)\b\s*",
    # "I need a fapiao for …", "we'd like a quote", "need fapiao"
    _EN_OPENING + r"(?:(?:i|we|i ll|we ll|i d|we d)\s+)?(?:still |urgently |also |just )?"
    r"(?:need|want|would like|d like|require|request)\s+",
)
_EN_LEAD = [re.compile(lead) for lead in _EN_LEADS]
_EN_QUESTION = re.compile(
    r"^(?:how|what|where|when|why|which|who|whom|is|are|was|were|does|do|did|should|has|have)\b"
    r"|\b(?:how (?:do|can|to|long|much|often)|what (?:is|are|do|does)|when (?:will|do|does|is))\b"
    r"|\b(?:can t|cannot|can not|won t|doesn t|don t|didn t|isn t|wasn t|not|never)\b"
)
_EN_ALWAYS = re.compile(r"\bissue (?:it |them |fapiaos? |the fapiao )?automatically\b")


def _english(clause: str) -> bool:
    if _EN_ALWAYS.search(clause):
        return True
    if _EN_QUESTION.search(clause):
        return False
    for lead in _EN_LEAD:
        found = lead.match(clause)
        if found is not None and _EN_THING.match(clause, found.end()):
            return True
    return False


# -- Russian ---------------------------------------------------------------------------------
_RU_THING = re.compile(
    r"\b(?:сч[её]т(?:а|у|ом|е|ов|ам|ами|ах)?|сч[её]т фактур\w*|фап[яи]о|fapiao|акт(?:а|ы|ов)?"
    r"|сверк\w*|квитанц\w*|кп|коммерческ\w* предложени\w*|прайс\w*|договор(?:а|у|ом|ы|ов)?"
    r"|бланк\w* заказа|лиценз\w*|подписк\w*|тариф\w*|контакт\w* по оплате|реквизит\w*"
    r"|возврат\w* (?:денег|средств|оплаты)|деньги|продлени\w*|автопродлени\w*|триал\w*"
    r"|пробн\w* период\w*|код\w* привязки|годов\w*|ежемесячн\w*)\b"
)
_RU_LEAD = re.compile(
    r"\b(?:пришлите|пришли|вышлите|вышли|отправьте|отправь|скиньте|скинь|перешлите|перешли"
    r"|выставьте|выставите|выстави|выпишите|выпиши|сделайте|оформите|оформи"
    r"|подготовьте|добавьте|добавь|докупите|увеличьте|уменьшите|уберите|отмените|отмени"
    r"|продлите|отключите|смените|поменяйте|измените|обновите|верните|переведите|переводите"
    r"|перевыставьте|выдайте|предоставьте|присылайте|высылайте|отправляйте|выставляйте)\b"
    r"|\b(?:можете|могли бы|сможете|прошу|просим|хочу|хотим|хотели бы|хотелось бы"
    r"|нужно|надо|необходимо)\b(?:\s+(?:вы|бы|нам|мне|пожалуйста|ли|срочно|еще|снова|опять))*\s+"
    r"(?:прислать|выслать|отправить|скинуть|переслать|выставить|выписать|сделать"
    r"|оформить|подготовить|добавить|докупить|увеличить|уменьшить|отменить|продлить|отключить"
    r"|сменить|поменять|изменить|вернуть|перевести|получить|предоставить|выдать)\b"
    r"|\b(?:нужен|нужна|нужно|нужны|требуется)\b"
)
_RU_QUESTION = re.compile(
    r"^(?:а |и |скажите |подскажите )?(?:как|где|когда|почему|зачем|что|сколько|какой|какая"
    r"|какие|каким|какую|кто|откуда|куда|чем|можно ли|нужно ли|нужен ли|нужна ли)\b"
    r"|\b(?:не (?:приш\w*|получ\w*|могу|можем|работает)|как (?:получить|запросить|попросить))\b"
)
_RU_WINDOW = 80  # the thing follows the request within a sentence or so


_RU_NEED = frozenset(["нужен", "нужна", "нужно", "нужны", "требуется"])
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")


def _russian(text: str) -> bool:
    """Sentence by sentence: "нужна своя лицензия?" asks whether, "нужен фапяо." asks for one."""
    for part in _SENTENCE.finditer(text):
        sentence = normalise(part.group())
        if re.search(r"\bвыставлять автоматически\b", sentence):
            return True
        if _RU_QUESTION.search(sentence):
            continue
        asks_whether = part.group().rstrip().endswith("?")
        for lead in _RU_LEAD.finditer(sentence):
            if asks_whether and lead.group() in _RU_NEED:
                continue
            if _RU_THING.search(sentence[lead.end() : lead.end() + _RU_WINDOW]):
                return True
    return False


# -- Chinese ---------------------------------------------------------------------------------
_ZH_THING = (
    r"(?:发票|专票|普票|账单|对账单|报价单?|价目表|合同|订单|许可证|授权|订阅|账单联系人"
    r"|开票信息|收票邮箱|退款|回单|(?:账单|合同|发票)副本|关联码|试用"
    r"|商业(?:基础|标准|高级)版|企业版|年付|月付)"
)
_ZH_DEED = (  # 开 only as in 开票 / 开一张: "开存档" is no fapiao
    r"(?:开具|开(?=[票发专普一个张下])|补开|重开|重新开|出具|出(?=[个一份张])|发(?!票)|寄|加|增加|添加"
    r"|多加|再加|减少|减|取消|续订|续费|退订|升级|降级|更改|修改|变更|改|退|转正|延长|换)"
)
_ZH_STOP = r"[^，。,.!！?？；;]"
_ZH_POLITE_WORDS = "请|麻烦|帮我们|帮我|帮忙|能否|可否"
_ZH_POLITE = "(?:" + _ZH_POLITE_WORDS + ")"
_ZH_REQUEST = re.compile(
    # "请帮我开一下专票", "麻烦发一份对账单", "帮我们加5个许可证", "把 5 个用户升级到商业标准版"
    r"(?:^|[，。,.!！?？；;\s])(?:" + _ZH_POLITE_WORDS + r"|给我们|给我|我们要|我要|要|需要|想要"
    r"|希望|可以|把|将)?"
    + _ZH_STOP
    + r"{0,12}?"
    + _ZH_DEED
    + _ZH_STOP
    + r"{0,10}?"
    + _ZH_THING
    # "要发票", "需要一份对账单", "请给我们出个报价"
    + r"|(?:我要|我们要|需要|想要|要|给我们|给我)(?:出|发|开|寄)?(?:一份|一张|一个|个|份|张)?"
    + _ZH_STOP
    + r"{0,6}?(?:发票|专票|普票|对账单|报价单?|价目表|合同副本|账单副本)"
    # "开发票", "加 5 个许可证"
    r"|开发票|开专票|开普票|补开发票|重开发票|^开票$"
    # "从本月起账单发到 accounts@…"
    r"|(?:账单|发票|对账单)(?:以后|今后|从本月起)?(?:发到|寄到|发给|改发到|改成|改为)"
    r"|(?:加|增加|添加|多加|再加|减少)\s*\d+\s*(?:个|份)?"
    + _ZH_STOP
    + r"{0,8}?(?:许可证|授权|账号)"
)
_ZH_QUESTION = re.compile(
    r"怎么|怎样|如何|什么|多少|谁|哪|还是|是不是|有没有|要不要|为什么|何时|多久|区别"
    r"|没收到|没有收到|收不到|分配"  # assigning a licence is the customer's own admin task
)
# "能开专票吗" asks whether; "能帮我开一下专票吗" asks for it
_ZH_YES_NO = re.compile(r"[吗呢么][？?。!！\s]*$")


def _chinese(text: str) -> bool:
    if "自动开票" in text:
        return True
    if _ZH_QUESTION.search(text):
        return False
    if _ZH_YES_NO.search(text) and not re.search(_ZH_POLITE, text):
        return False
    return bool(_ZH_REQUEST.search(text))


_CLAUSE = re.compile(r"[,.;!?\n:，。；！？：]+")


def asks_for_action(text: str) -> bool:
    """True when ``text`` asks the reseller to do something only its people can do (see the
    module): its KB answer must then say that nobody has seen the request yet."""
    if not text.strip() or len(text) > MAX_CHARS:
        return False
    if _chinese(unicode_spaces(text)) or any(_russian(r) for r in readings(text)):
        return True  # Russian also typed in Latin letters or on the English layout
    return any(_english(c) for c in map(normalise, _CLAUSE.split(text)) if c)


def unicode_spaces(text: str) -> str:
    """``text`` with runs of white space as one space (Chinese is read as written)."""
    return " ".join(text.split())
